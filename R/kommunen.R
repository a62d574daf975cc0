#' Synthetic survey of 412 municipalities with four digitalisation types (not real data)
#'
#' **These data are synthetic.** They imitate the survey behind the study
#' "Digitale Kommune -- Eine Typfrage?" by ÖFIT (Kompetenzzentrum Öffentliche
#' IT at Fraunhofer FOKUS) and KGSt (Kommunale Gemeinschaftsstelle für
#' Verwaltungsmanagement), published on 20 October 2020, which grouped about
#' 400 German municipalities into four types by their prioritised
#' digitalisation goals. The survey's microdata are not public, so
#' `kommunen` is `simulate_kommunen()` with its defaults: every published
#' figure is reproduced (see [kommunen_targets]), everything else is an
#' assumption (see [kommunen_assumptions] and [kommunen_profiles]). No row
#' is a real municipality, and no result computed from these data is a
#' finding about German municipalities.
#'
#' @section Published and assumed:
#' Published, and reproduced up to rounding: 412 municipalities; four types
#' based on prioritised digitalisation goals, with the focus of each type;
#' 14 % with a digitalisation strategy and 45 % developing one (larger
#' municipalities more often have one); 29 % knowing FIM, 70 % of whom find
#' it helpful; 76 % supporting a local fibre network; e-government base
#' components run (of 9) with a mean of about 2 and about half running at
#' most 2.
#'
#' Assumed: the twelve goal items (reconstructed from the published type
#' descriptions, not the survey's wording; see [kommunen_items]), their
#' 5-point rating scale, the type profiles, the shares of the types, the
#' composition by kind, size and federal state, all differences between
#' types in the covariates, and the columns `responsibility` and
#' `participation` as a whole (the study compared the types on these
#' dimensions but published no figures).
#'
#' @format A data frame with 412 rows (municipalities) and 25 columns:
#' \describe{
#'   \item{`id`}{Integer identifier 1..412; the municipalities have no
#'     names.}
#'   \item{`kind`}{Factor, kind of municipality: Gemeinde, kreisangehörige
#'     Stadt, kreisfreie Stadt, Landkreis (assumed composition).}
#'   \item{`state`}{Factor, federal state (Land), the 16 Länder (assumed
#'     distribution, roughly where KGSt members are).}
#'   \item{`population`}{Integer, inhabitants (drawn from an assumed
#'     log-normal distribution per kind).}
#'   \item{`size_class`}{Ordered factor, population size class, from
#'     "under 10,000" to "500,000 and more".}
#'   \item{`type`}{Factor, the **simulated true type**: Bedächtige,
#'     Optimierer, Serviceorientierte, Community Manager. It is known here
#'     only because the data are simulated; use it to check how well a
#'     method recovers the types, not as a survey answer.}
#'   \item{`goal_legal`, `goal_funding`, `goal_it_security`,
#'     `goal_efficiency`, `goal_services`, `goal_admin_data`,
#'     `goal_attractiveness`, `goal_citizens`, `goal_satisfaction`,
#'     `goal_public_services`, `goal_community`, `goal_participation`}{
#'     Integer 1..5, the priority the municipality gives each
#'     digitalisation goal (1 = low, 5 = very high); labels in
#'     [kommunen_items]. The items and the scale are assumptions.}
#'   \item{`strategy`}{Factor, digitalisation strategy: "in place" (14 %),
#'     "in development" (45 %), "none". Marginals published; the size
#'     gradient's strength and the type differences are assumed.}
#'   \item{`fim_known`}{Logical, knows FIM (Föderales
#'     Informationsmanagement); 29 % `TRUE` (published).}
#'   \item{`fim_helpful`}{Logical, finds FIM helpful; 70 % `TRUE` among
#'     those knowing FIM (published), `NA` for those who do not know it
#'     (they were not asked).}
#'   \item{`fibre`}{Logical, supports a local fibre network; 76 % `TRUE`
#'     (published).}
#'   \item{`egov_components`}{Integer 0..9, number of e-government base
#'     components run, of 9 asked about; mean about 2, about half at most 2
#'     (published); the exact distribution is assumed.}
#'   \item{`responsibility`}{Factor, where responsibility for
#'     digitalisation sits: "IT department", "CDO" (Chief Digital Officer),
#'     "other". Entirely assumed, including its differences between types.}
#'   \item{`participation`}{Logical, involves citizens in digitalisation
#'     (rather than external experts only). Entirely assumed, including its
#'     differences between types.}
#' }
#' @source Synthetic, made by `data-raw/kommunen.R` with
#'   [simulate_kommunen()]. The published figures it is calibrated to come
#'   from:
#'   * ÖFIT and KGSt (2020). *Digitale Kommune -- Eine Typfrage?* Press
#'     release of the KGSt, 20 October 2020 (about 400 municipalities, four
#'     types, clustering on prioritised digitalisation goals, the types'
#'     focus, the "D(igitalisierungs)-Team", one Steckbrief per type), and
#'     the KGSt pages on the Kommunentypen (kgst.de/kommunentypen) and its
#'     members (over 80 million inhabitants).
#'   * H. U. Sagkal and M. Weber, summary of the study on urban-digital.de
#'     (412 KGSt member municipalities).
#'   * publicgovernance.de (survey mode and period, December 2018 to
#'     February 2019; FIM; larger municipalities more often have a
#'     strategy).
#'   * ÖFIT (2019). Kurzstudie *Wie sind die Kommunen in Deutschland
#'     digital aufgestellt?*, reported on de.digital (strategy in place and
#'     in development).
#'   * vdz.org and kommunal.de (FIM; local fibre; e-government base
#'     components).
#' @seealso [simulate_kommunen()] to make variants, [kommunen_items] for
#'   the goal items.
#' @examples
#' str(kommunen)
#' table(kommunen$type)
#' prop.table(table(kommunen$strategy))
#'
#' # Type means of the goal items
#' means <- sapply(split(kommunen[kommunen_items$variable], kommunen$type),
#'                 colMeans)
#' round(t(means), 1)
#' @docType data
#' @keywords datasets
#' @name kommunen
NULL

#' Codebook of the goal items in `kommunen` (synthetic data)
#'
#' The twelve digitalisation goals that the synthetic data set [kommunen]
#' rates on a 5-point priority scale. **The item list is reconstructed from
#' the published descriptions of the four types, not taken from the
#' survey**, whose item wording and response format were not published.
#' Each type description named a focus (two goals) and further traits; one
#' goal per type comes from the traits.
#'
#' @format A data frame with 12 rows and 5 columns:
#' \describe{
#'   \item{`variable`}{Column name in [kommunen].}
#'   \item{`label_de`}{German label (reconstructed, not the survey's
#'     wording).}
#'   \item{`label_en`}{English label.}
#'   \item{`type`}{Factor, the type whose published description the goal
#'     comes from.}
#'   \item{`basis`}{"focus" if the goal is part of the type's published
#'     focus, "trait" if it comes from the further traits described.}
#' }
#' @source Reconstructed from the type descriptions in the sources listed in
#'   [kommunen].
#' @examples
#' kommunen_items[, c("variable", "label_en", "type")]
#' @docType data
#' @keywords datasets
#' @name kommunen_items
NULL
