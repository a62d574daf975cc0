# The generator of the synthetic `kommunen` data. Everything the study
# published is in `kommunen_targets`; everything else the generator needs is
# an assumption, collected in `kommunen_profiles` and `kommunen_assumptions`
# and changeable through the arguments of simulate_kommunen().

# Non-ASCII labels, written with escapes (R code must be ASCII).
type_names_de <- c("Bed\u00e4chtige", "Optimierer", "Serviceorientierte",
                   "Community Manager")
kind_names_de <- c("Gemeinde", "kreisangeh\u00f6rige Stadt", "kreisfreie Stadt",
                   "Landkreis")
state_names_de <- c("Baden-W\u00fcrttemberg", "Bayern", "Berlin", "Brandenburg",
                    "Bremen", "Hamburg", "Hessen", "Mecklenburg-Vorpommern",
                    "Niedersachsen", "Nordrhein-Westfalen", "Rheinland-Pfalz",
                    "Saarland", "Sachsen", "Sachsen-Anhalt",
                    "Schleswig-Holstein", "Th\u00fcringen")
size_class_labels <- c("under 10,000", "10,000 to 19,999", "20,000 to 49,999",
                       "50,000 to 99,999", "100,000 to 499,999",
                       "500,000 and more")
size_class_breaks <- c(0, 1e4, 2e4, 5e4, 1e5, 5e5, Inf)
goal_items <- c("goal_legal", "goal_funding", "goal_it_security",
                "goal_efficiency", "goal_services", "goal_admin_data",
                "goal_attractiveness", "goal_citizens", "goal_satisfaction",
                "goal_public_services", "goal_community", "goal_participation")

named <- function(x, nms) {
  names(x) <- enc2utf8(nms)
  x
}

#' Published figures the synthetic data are calibrated to
#'
#' The figures that the study "Digitale Kommune -- Eine Typfrage?" (ÖFIT and
#' KGSt, 2020) and its preceding short study (ÖFIT, 2019) published about the
#' surveyed municipalities. [simulate_kommunen()] reproduces them as
#' marginal distributions. These are the *only* published numbers in the
#' generator; everything else is an assumption (see [kommunen_assumptions]
#' and [kommunen_profiles]).
#'
#' @format A named list:
#' \describe{
#'   \item{`n`}{412, the number of responding KGSt member municipalities.}
#'   \item{`n_types`}{4, the number of types the study found.}
#'   \item{`strategy`}{Shares with a digitalisation strategy in place (0.14)
#'     and in development (0.45); the rest has none.}
#'   \item{`fim_known`}{0.29, the share that knows FIM (Föderales
#'     Informationsmanagement).}
#'   \item{`fim_helpful`}{0.70, the share of those knowing FIM who find it
#'     helpful.}
#'   \item{`fibre`}{0.76, the share supporting a local fibre network.}
#'   \item{`egov_max`}{9, the number of e-government base components asked
#'     about.}
#'   \item{`egov_mean`}{2, the (approximate) mean number of base components
#'     run.}
#'   \item{`egov_at_most_2`}{0.5, the (approximate) share running at most 2.}
#' }
#' The qualitative finding that larger municipalities more often have a
#' strategy is built in through `kommunen_assumptions$strategy_size`, whose
#' strength is an assumption.
#' @source See [kommunen] for the sources.
#' @seealso [simulate_kommunen()]
#' @export
#' @examples
#' kommunen_targets$strategy
kommunen_targets <- list(
  n = 412L,
  n_types = 4L,
  strategy = c(in_place = 0.14, in_development = 0.45),
  fim_known = 0.29,
  fim_helpful = 0.70,
  fibre = 0.76,
  egov_max = 9L,
  egov_mean = 2,
  egov_at_most_2 = 0.5
)

#' Assumed goal profiles of the four types
#'
#' The mean priority (on the 1--5 scale) that a municipality of each type
#' gives each of the twelve digitalisation goals, before response style and
#' noise are added. **This matrix is an assumption**: the study published
#' only which goals characterise each type (see [kommunen_items]), not item
#' wordings, item means or the response format. The default puts a type's
#' own three goals (its published focus and one of its published traits) at
#' 4.3 and the other goals at 2.8, except that legal requirements and IT
#' security, which every administration must attend to, get 3.2 in all
#' types, and use of administrative data gets 3.3 for the
#' Serviceorientierte (their description mentions data use).
#'
#' @format A numeric matrix with 4 rows (the types: Bedächtige, Optimierer,
#'   Serviceorientierte, Community Manager) and 12 columns (the goal items,
#'   named as in [kommunen]). Pass a modified copy to the `profiles`
#'   argument of [simulate_kommunen()].
#' @seealso [kommunen_items] for the item labels.
#' @export
#' @examples
#' round(kommunen_profiles, 1)
kommunen_profiles <- local({
  m <- matrix(2.8, nrow = 4L, ncol = 12L,
              dimnames = list(enc2utf8(type_names_de), goal_items))
  m[, "goal_legal"] <- 3.2
  m[, "goal_it_security"] <- 3.2
  m[1L, c("goal_legal", "goal_funding", "goal_it_security")] <- 4.3
  m[2L, c("goal_efficiency", "goal_services", "goal_admin_data")] <- 4.3
  m[3L, c("goal_attractiveness", "goal_citizens", "goal_satisfaction")] <- 4.3
  m[3L, "goal_admin_data"] <- 3.3
  m[4L, c("goal_public_services", "goal_community", "goal_participation")] <- 4.3
  m
})

#' Assumptions of the synthetic municipality data
#'
#' Everything [simulate_kommunen()] needs that the study did not publish.
#' **None of these values is a finding of the study**; they are plausible
#' choices that make the synthetic data look like a survey of German
#' municipalities. Change any of them by passing a modified copy to the
#' `assumptions` argument (the type shares can also be given directly, as
#' `shares`).
#'
#' @format A named list:
#' \describe{
#'   \item{`shares`}{Share of each type (Bedächtige 0.30, Optimierer 0.25,
#'     Serviceorientierte 0.25, Community Manager 0.20). The study did not
#'     publish the shares.}
#'   \item{`kind`}{Shares of the kinds of municipality (Gemeinde 0.30,
#'     kreisangehörige Stadt 0.40, kreisfreie Stadt 0.12, Landkreis 0.18).
#'     Municipalities in the city states Berlin, Bremen and Hamburg are
#'     always kreisfreie Städte.}
#'   \item{`population`}{A data frame with one row per kind: median, spread
#'     (`sdlog`) and bounds of a log-normal population distribution.}
#'   \item{`state`}{Weights of the 16 Länder, roughly following where KGSt
#'     members are (many in Nordrhein-Westfalen, few in the east); not
#'     calibrated to any membership list.}
#'   \item{`size_effect`}{Effect of the standardised log population on the
#'     latent propensities for a strategy, knowing FIM, supporting fibre and
#'     the number of e-government components (named numeric). That larger
#'     municipalities more often have a strategy is published; the strength
#'     of that and of every other effect is assumed.}
#'   \item{`type_effect`}{Matrix (types by the same four covariates) of type
#'     effects on those latent propensities.}
#'   \item{`egov_probs`}{Distribution of the number of e-government base
#'     components run (0 to 9), chosen to have a mean of about 2.1 and about
#'     55 % at most 2, close to the published figures.}
#'   \item{`responsibility`}{Matrix (types by "IT department", "CDO",
#'     "other") of the probabilities of where responsibility for
#'     digitalisation sits. The study compared the types on this but
#'     published no figures.}
#'   \item{`participation`}{Probability, per type, that a municipality
#'     involves its citizens in digitalisation (rather than relying on
#'     external experts only). Compared in the study, no figures published.}
#' }
#' @seealso [simulate_kommunen()], [kommunen_targets], [kommunen_profiles]
#' @export
#' @examples
#' kommunen_assumptions$shares
#' kommunen_assumptions$responsibility
kommunen_assumptions <- list(
  shares = named(c(0.30, 0.25, 0.25, 0.20), type_names_de),
  kind = named(c(0.30, 0.40, 0.12, 0.18), kind_names_de),
  population = data.frame(
    kind = enc2utf8(kind_names_de),
    median = c(9000, 28000, 110000, 170000),
    sdlog = c(0.6, 0.6, 0.75, 0.45),
    min = c(1000, 5000, 34000, 50000),
    max = c(40000, 250000, 3700000, 1400000),
    stringsAsFactors = FALSE
  ),
  state = named(c(14, 14, 1, 4, 0.5, 0.5, 9, 3, 12, 22, 5, 1.5, 4, 3, 4, 2.5) / 100,
                state_names_de),
  size_effect = c(strategy = 0.6, fim = 0.4, fibre = 0.2, egov = 0.5),
  type_effect = matrix(
    c(-0.3, 0.0, 0.0, -0.3,
       0.3, 0.4, 0.0,  0.4,
       0.3, 0.0, 0.1,  0.2,
       0.0, -0.2, 0.4, 0.0),
    nrow = 4L, byrow = TRUE,
    dimnames = list(enc2utf8(type_names_de), c("strategy", "fim", "fibre", "egov"))
  ),
  egov_probs = c(0.20, 0.15, 0.20, 0.30, 0.10, 0.035, 0.01, 0.003, 0.001, 0.001),
  responsibility = matrix(
    c(0.70, 0.10, 0.20,
      0.55, 0.30, 0.15,
      0.40, 0.40, 0.20,
      0.40, 0.30, 0.30),
    nrow = 4L, byrow = TRUE,
    dimnames = list(enc2utf8(type_names_de), c("IT department", "CDO", "other"))
  ),
  participation = named(c(0.25, 0.35, 0.55, 0.75), type_names_de)
)

#' Simulate a survey of municipalities with four digitalisation types
#'
#' Generates synthetic data like those of the study "Digitale Kommune --
#' Eine Typfrage?" (ÖFIT and KGSt, 2020): one row per municipality with its
#' kind, size and federal state, its (simulated, latent) type, twelve
#' digitalisation goals rated on a 5-point priority scale, and covariates.
#' The shipped data set [kommunen] is `simulate_kommunen()` with the
#' defaults. Use other arguments to make variants: other type shares, more
#' noise, more municipalities.
#'
#' @section What is published and what is assumed:
#' The covariates' overall distributions follow the published figures in
#' [kommunen_targets]: 14 % have a digitalisation strategy and 45 % are
#' developing one; 29 % know FIM and 70 % of those find it helpful; 76 %
#' support a local fibre network; the number of e-government base
#' components run (of 9) has a mean of about 2 and about half run at most 2.
#' Everything else is an **assumption**: the item list (reconstructed from
#' the published type descriptions, see [kommunen_items]), the response
#' format, the type profiles ([kommunen_profiles]), the type shares, the
#' composition by kind, size and state, and every difference between types
#' in the covariates ([kommunen_assumptions]). Results computed from these
#' data therefore say something about the methods, not about German
#' municipalities.
#'
#' @section How the data are generated:
#' 1. Types: exactly `round(n * shares)` municipalities of each type
#'    (largest remainders, so the counts add up to `n`), in random order.
#' 2. Kind, state and population: the state is drawn from
#'    `assumptions$state`, the kind from `assumptions$kind` (always
#'    "kreisfreie Stadt" in the city states), the population from the
#'    kind's truncated log-normal distribution; `size_class` follows from
#'    the population. All are independent of the type.
#' 3. Goals: municipality \eqn{i} of type \eqn{t} rates goal \eqn{j} as
#'    \eqn{\mathrm{profiles}_{tj} + a_i + e_{ij}}, rounded and cut to
#'    1..5, with a response style (acquiescence) \eqn{a_i \sim N(0,
#'    \mathrm{acquiescence}^2)} shared by all goals of a municipality and
#'    noise \eqn{e_{ij} \sim N(0, \mathrm{noise}^2)}.
#' 4. Covariates with published marginals: each municipality gets a latent
#'    propensity (size effect times standardised log population, plus type
#'    effect, plus standard normal noise); the municipalities with the
#'    highest propensities get the covariate, with exactly as many as the
#'    published share implies (`round(n * share)`). This keeps the
#'    published marginals up to rounding while letting size and type shift
#'    who has them. Among those knowing FIM, exactly `round(0.7 * known)`
#'    find it helpful (random). The e-government counts are cut from the
#'    propensity at the quantiles of `assumptions$egov_probs`.
#' 5. Responsibility and participation are drawn per municipality from the
#'    type's probabilities in `assumptions` (no published marginals).
#'
#' When `seed` is given, random numbers come from R's Mersenne-Twister
#' generator with Inversion normals and Rejection sampling, set locally, so
#' the data are the same whatever generator the session uses (and, as far as
#' R's generators allow, on every platform), and the session's generator
#' kind and state are left untouched. With `seed = NULL` the session's
#' generator is used as it is.
#'
#' @param n Number of municipalities, at least 4.
#' @param shares Share of each of the four types: four non-negative numbers
#'   that sum to 1, in the order Bedächtige, Optimierer, Serviceorientierte,
#'   Community Manager. The default, `assumptions$shares` (0.30, 0.25,
#'   0.25, 0.20), is an assumption; the study did not publish the shares.
#' @param noise Standard deviation of the item-level noise on the 1--5
#'   scale, a non-negative number. Larger values blur the types; at the
#'   default, Ward clustering followed by k-means recovers the simulated
#'   types well (adjusted Rand index about 0.9) but not perfectly.
#' @param acquiescence Standard deviation of a municipality's response style
#'   (a shift of all its ratings, up or down), a non-negative number. An
#'   assumption; 0 switches it off.
#' @param profiles A 4 x 12 matrix of mean ratings per type and goal, with
#'   the layout of [kommunen_profiles] (the default).
#' @param assumptions A list like [kommunen_assumptions] (the default) with
#'   the assumed composition and covariate patterns. Its `shares` element is
#'   the default of `shares`.
#' @param seed `NULL` to use the session's random number generator (so
#'   `set.seed()` before the call reproduces the data), or a whole number:
#'   the data are then generated with a local generator state and the
#'   session's state is restored afterwards.
#' @return A data frame with one row per municipality; see [kommunen] for
#'   the columns.
#' @seealso [kommunen] (the data with the defaults), [kommunen_items] (the
#'   codebook), [kommunen_targets], [kommunen_assumptions],
#'   [kommunen_profiles].
#' @export
#' @examples
#' d <- simulate_kommunen()
#' table(d$type)
#' colMeans(d[, kommunen_items$variable])
#'
#' # A variant for teaching: more noise, one dominant type
#' d2 <- simulate_kommunen(n = 300, shares = c(0.55, 0.15, 0.15, 0.15),
#'                         noise = 1.4, seed = 1)
#' round(prop.table(table(d2$type)), 2)
simulate_kommunen <- function(n = 412, shares = assumptions$shares,
                              noise = 0.75, acquiescence = 0.2,
                              profiles = kommunen_profiles,
                              assumptions = kommunen_assumptions,
                              seed = 2020) {
  check_count(n, min = 4)
  check_assumptions(assumptions)  # first: `shares` defaults to assumptions$shares
  shares <- check_shares(shares)
  check_number(noise, min = 0, max = Inf)
  check_number(acquiescence, min = 0, max = Inf)
  check_profiles(profiles)
  if (!is.null(seed)) {
    resolve_seed(seed)
    restore <- local_rng(seed)
    on.exit(restore(), add = TRUE)
  }
  n <- as.integer(n)
  targets <- kommunen_targets

  # 1. Types: exact counts, random order.
  type <- sample(rep.int(seq_len(4L), exact_counts(n, shares)))

  # 2. State, kind, population.
  state <- sample.int(16L, n, replace = TRUE, prob = assumptions$state)
  kind <- sample.int(4L, n, replace = TRUE, prob = assumptions$kind)
  kind[state %in% match(c("Berlin", "Bremen", "Hamburg"), state_names_de)] <- 3L
  pop <- assumptions$population
  population <- stats::rlnorm(n, log(pop$median[kind]), pop$sdlog[kind])
  population <- round(pmin(pmax(population, pop$min[kind]), pop$max[kind]))
  size_class <- cut(population, size_class_breaks, labels = size_class_labels,
                    right = FALSE, ordered_result = TRUE)

  # 3. Goal ratings.
  style <- stats::rnorm(n, 0, acquiescence)
  latent <- profiles[type, , drop = FALSE] + style +
    matrix(stats::rnorm(n * 12L, 0, noise), n, 12L)
  goals <- pmin(pmax(round(latent), 1), 5)
  dimnames(goals) <- NULL
  storage.mode(goals) <- "integer"
  goals <- as.data.frame(goals)
  names(goals) <- goal_items

  # 4. Covariates with published marginals.
  cov <- simulate_marginal_covariates(n, type, population, assumptions, targets)

  # 5. Covariates whose per-type pattern is an assumption.
  resp <- assumptions$responsibility
  responsibility <- vapply(type, function(t) sample.int(ncol(resp), 1L, prob = resp[t, ]),
                           integer(1))
  responsibility <- factor(colnames(resp)[responsibility], levels = colnames(resp))
  participation <- stats::runif(n) < assumptions$participation[type]

  out <- data.frame(
    id = seq_len(n),
    kind = factor(kind_names_de[kind], levels = kind_names_de),
    state = factor(state_names_de[state], levels = state_names_de),
    population = as.integer(population),
    size_class = size_class,
    type = factor(type_names_de[type], levels = type_names_de),
    stringsAsFactors = FALSE
  )
  out <- cbind(out, goals)
  out$strategy <- cov$strategy
  out$fim_known <- cov$fim_known
  out$fim_helpful <- cov$fim_helpful
  out$fibre <- cov$fibre
  out$egov_components <- cov$egov
  out$responsibility <- responsibility
  out$participation <- participation
  for (v in c("kind", "state", "type")) levels(out[[v]]) <- enc2utf8(levels(out[[v]]))
  out
}

# Step 4 of simulate_kommunen(): the covariates whose overall shares the
# study published (strategy, FIM known and helpful, fibre, e-government
# components), each assigned by rank of a propensity from size and type, so
# the shares are exact.
simulate_marginal_covariates <- function(n, type, population, assumptions, targets) {
  size_z <- as.vector(scale(log(population)))
  if (!all(is.finite(size_z))) size_z <- rep(0, n)
  propensity <- function(what) {
    assumptions$size_effect[[what]] * size_z +
      assumptions$type_effect[type, what] + stats::rnorm(n)
  }
  strat_counts <- exact_counts(n, c(targets$strategy, 1 - sum(targets$strategy)))
  strat_rank <- rank_order(propensity("strategy"))
  strategy <- ifelse(strat_rank <= strat_counts[1L], 1L,
                     ifelse(strat_rank <= strat_counts[1L] + strat_counts[2L], 2L, 3L))
  strategy <- factor(c("in place", "in development", "none")[strategy],
                     levels = c("in place", "in development", "none"))

  fim_known <- rank_order(propensity("fim")) <= round(n * targets$fim_known)
  fim_helpful <- rep(NA, n)
  known <- which(fim_known)
  fim_helpful[known] <- FALSE
  fim_helpful[known[sample.int(length(known), round(length(known) * targets$fim_helpful))]] <- TRUE

  fibre <- rank_order(propensity("fibre")) <= round(n * targets$fibre)

  egov_counts <- exact_counts(n, assumptions$egov_probs)
  egov_rank <- rank_order(-propensity("egov"))  # lowest propensity first
  egov <- findInterval(egov_rank - 1L, cumsum(egov_counts))
  egov <- as.integer(egov)
  list(strategy = strategy, fim_known = fim_known, fim_helpful = fim_helpful,
       fibre = fibre, egov = egov)
}
