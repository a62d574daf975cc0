#' Steckbriefe: a one-page profile card per type
#'
#' A Steckbrief sums up a type on one card, as the study's four Steckbriefe
#' do: its name and share (with the bootstrap interval from [stability()]
#' when given); a headline and a short text of what it prioritises more and
#' less than the other types, written from the profile in English or German;
#' a chart of its profile (the type mean minus the overall mean of every
#' item, in overall standard deviations, with the bootstrap intervals of the
#' type means, in the type's colour, see [type_colours()]); the items that
#' distinguish it most (Cohen's d from [profiles()]); the covariates that
#' distinguish it, each with its test; its stability in words and numbers;
#' its most typical members; and a footer with the data, the method and the
#' rules (for the shipped synthetic data [kommunen], the notice that they are
#' synthetic).
#'
#' Every format is drawn from one description of the cards (the
#' `typology_steckbrief` object, `format = "console"`); [generics::tidy()]
#' gives everything a card shows as a data frame, to build other layouts.
#'
#' @section What a card reports:
#' * Items: those with Cohen's d of the type against the rest of at least
#'   `min_d` (prioritised more) or at most `-min_d` (less), the `top`
#'   strongest of each.
#' * Categorical covariates: a category is reported as over- (under-)
#'   represented in a type when its adjusted standardised residual is above
#'   `residual` (below `-residual`) **and the cell's expected count is at
#'   least 5**, the rule under which the chi-squared approximation holds
#'   (as in [stats::chisq.test()]). A cell with a smaller expected count (a
#'   category with one or two cases, a small Land) is never reported as a
#'   finding: the card lists it as "not testable"; pool rare categories
#'   (e.g. the federal states into regions) to test them. The p-value shown is the
#'   two-sided normal p of the residual, a descriptive guide (many cells are
#'   looked at). `steckbrief()` does not repeat the warning [profiles()]
#'   gives for such covariates; the cards state the rule instead.
#' * Numeric covariates: reported when their Kruskal-Wallis test has
#'   p < 0.05 and the type mean lies at least `min_d` overall standard
#'   deviations from the overall mean (z on the card).
#' * Logical covariates read "yes"/"no" ("ja"/"nein"), haven-labelled ones
#'   their value labels.
#' * Typical members: the medoid for k-medoids fits (`fit$medoids`), then
#'   the members closest (Euclidean distance, in the scale the typology was
#'   fitted in) to the type's centre; named by the column `id` of `data`,
#'   else by the row names of `data` (when they are not 1, 2, ...), else by
#'   their row in the original data.
#'
#' @section Formats:
#' * `"console"`: the cards as an object whose `print()` wraps long labels
#'   (never cuts them) to the console's width (at most 100 columns).
#' * `"markdown"`: headings, paragraphs and pipe tables, for R Markdown and
#'   Quarto documents of any output, including Word (pandoc makes real
#'   tables of them). No chart (it needs an image file).
#' * `"html"`: self-contained HTML, with its own CSS scoped to the cards
#'   (`inst/steckbrief/steckbrief.css`) and the chart as an embedded PNG
#'   image, so it works inside `html_document`, `html_vignette` and as a page
#'   of its own (`file`); printed, every card takes one A4 page. In a knitr
#'   document whose output is not HTML (Word, PDF), `"html"` gives
#'   `"markdown"`.
#' * `"pdf"`: a PDF file with exactly one A4 page per type (drawn with R's
#'   own `cairo_pdf()` device and grid; no LaTeX), and the overview first
#'   when `overview = TRUE`.
#' * `"png"`: one PNG file per type (A4 proportions, `dpi`), for slides;
#'   `file = "cards.png"` writes `cards-1.png`, `cards-2.png`, ... (a single
#'   card: `cards.png`), and `cards-overview.png` when `overview = TRUE`.
#'
#' With `overview = TRUE`, an overview page sets the types side by side (the
#' study's "D-Team"): for each its share, headline, and what it prioritises
#' more and less.
#'
#' @inheritParams profiles
#' @param type Which types to describe, in the order of the cards: type
#'   numbers, or type names set with [name_types()]. `NULL` (the default)
#'   describes every type, type 1 first.
#' @param stability Optional: a `typology_stability` object from
#'   `stability()` of the same fit. Its `shares` give the interval of the
#'   type's share, its `types` the mean Jaccard recovery and the share of
#'   replicates in which the type dissolved, its `means` the intervals of the
#'   type means in the chart.
#' @param format `"console"` (the default), `"markdown"`, `"html"`, `"pdf"`
#'   or `"png"`; see Formats.
#' @param file For `"pdf"` and `"png"` (required): the file to write. For
#'   `"html"` (optional): a file to write a complete HTML page to.
#' @param top How many items (each way) and covariate findings to list per
#'   card.
#' @param items Optional: the items to show on the cards and in the chart
#'   (names or tidyselect, e.g. `starts_with("goal_")`); `NULL` (the default)
#'   shows all the typology's items.
#' @param id Optional: the column of `data` (a name or tidyselect, e.g.
#'   `id = gemeinde`) or a vector with one value per row of the data that
#'   names the typical members.
#' @param n_typical How many typical members to name per card (0 for none).
#' @param min_d The smallest absolute Cohen's d of an item (and z of a
#'   numeric covariate) that a card reports.
#' @param residual The adjusted standardised residual above which (in
#'   absolute value) a covariate category is reported.
#' @param overview Add an overview page with the types side by side.
#' @param footer Optional: further text for the footer of every card.
#' @param dpi Resolution of the PNG files (and of the chart embedded in
#'   HTML).
#' @param lang Language of the cards: `"en"` or `"de"`; `NULL` (the default)
#'   uses [typfrage_lang()] when the cards are printed or formatted (for the
#'   other formats: now). Item labels come from `labels` (for [kommunen] use
#'   the codebook column of the language, e.g.
#'   `kommunen_items[c("variable", "label_de")]`).
#'
#' For latent class typologies (`method = "lca"`) the item tables also show
#' the probability that a member of the type answers the item's top category
#' (`P(top)`, from the response probabilities).
#'
#' @return For `format = "console"`, an object of class `typology_steckbrief`
#'   (a list with `cards`, one description per type, and the fit's `k`,
#'   `n`, `method` and the options) with `print()`, `format()`,
#'   `as.data.frame()` and [generics::tidy()] methods. For `"markdown"` and
#'   `"html"`, a character string of class
#'   `c("typology_steckbrief_text", "knit_asis")` that R Markdown and Quarto
#'   show as it is when it is the value of a chunk. For `"pdf"` and `"png"`,
#'   the file(s) written, invisibly.
#' @export
#' @examples
#' fit <- typology(kommunen, k = 4, items = kommunen_items$variable, seed = 1)
#' codebook <- kommunen_items[c("variable", "label_en")]
#' fit <- name_types(fit, suggest_names(fit, codebook))
#' steckbrief(fit, type = 1, data = kommunen, id = id,
#'            covariates = c(kind, size_class, strategy), labels = codebook)
#' steckbrief(fit, type = 1, format = "markdown", labels = codebook)
#' \donttest{
#' pdf_file <- tempfile(fileext = ".pdf")
#' steckbrief(fit, format = "pdf", file = pdf_file, lang = "de",
#'            labels = kommunen_items[c("variable", "label_de")])
#' }
steckbrief <- function(fit, type = NULL, data = NULL, covariates = NULL,
                       stability = NULL, labels = NULL,
                       format = c("console", "markdown", "html", "pdf", "png"),
                       file = NULL, top = 3L, items = NULL, id = NULL,
                       n_typical = 3L, min_d = 0.2, residual = 1.96,
                       overview = FALSE, footer = NULL, dpi = 150, lang = NULL) {
  check_typology(fit)
  call <- rlang::current_env()
  lang_arg <- lang
  if (!is.null(lang)) lang <- typfrage_lang(lang)
  format <- check_choice(format)
  check_count(top, min = 1)
  check_count(n_typical, min = 0)
  check_number(min_d, min = 0)
  check_number(residual, min = 0)
  check_flag(overview)
  check_number(dpi, min = 36, max = 1200)
  if (!is.null(footer) && !is.character(footer)) {
    abort_input(c("{.arg footer} must be a character vector or {.code NULL}.",
                  x = "You supplied {.obj_type_friendly {footer}}."))
  }
  check_stability(stability, fit)
  check_steckbrief_file(file, format)
  covariates <- rlang::enquo(covariates)
  prof <- withCallingHandlers(
    profiles(fit, data = data, covariates = !!covariates, labels = labels, lang = lang),
    typfrage_warning_chisq = function(w) rlang::cnd_muffle(w)  # the cards apply the rule
  )
  types <- resolve_types(type, fit)
  item_names <- select_card_items(rlang::enquo(items), prof, call)
  ids <- resolve_ids(rlang::enquo(id), data, length(fit$cluster), call)
  opts <- card_options(top, n_typical, min_d, residual, item_names)
  cards <- lapply(types, function(t) build_card(fit, prof, t, stability, opts, ids))
  out <- structure(list(cards = cards, k = prof$k, n = prof$n, weighted = prof$weighted,
                        method = fit$method, options = opts,
                        synthetic = is_kommunen_fit(fit), footer = footer),
                   class = "typology_steckbrief")
  if (format == "html" && knitr_not_html()) format <- "markdown"
  if (format %in% c("pdf", "png")) {
    return(invisible(steckbrief_pages(out, file, format, lang = lang, overview = overview,
                                      dpi = dpi)))
  }
  if (format == "console") {
    out$overview <- overview
    return(out)
  }
  text <- format.typology_steckbrief(out, format = format, lang = lang_arg,
                                     overview = overview, dpi = dpi)
  if (format == "html" && !is.null(file)) {
    write_html_page(text, file, lang = typfrage_lang(lang))
    return(invisible(file))
  }
  structure(paste(text, collapse = "\n"),
            class = c("typology_steckbrief_text", "knit_asis"),
            knit_cacheable = NA, format = format)
}

check_steckbrief_file <- function(file, format, call = rlang::caller_env()) {
  if (is.null(file)) {
    if (format %in% c("pdf", "png")) {
      abort_input(c("{.code format = \"{format}\"} writes a file: give its name in {.arg file}.",
                    i = "For example {.code file = \"steckbriefe.{format}\"}."), call = call)
    }
    return(invisible())
  }
  if (!(is.character(file) && length(file) == 1L && !is.na(file) && nzchar(file))) {
    abort_input(c("{.arg file} must be a single file name.",
                  x = "You supplied {.obj_type_friendly {file}}."), call = call)
  }
  if (!format %in% c("pdf", "png", "html")) {
    abort_input(c("{.arg file} is used by the formats {.val pdf}, {.val png} and {.val html} only.",
                  i = "For {.val {format}}, leave {.arg file} {.code NULL}."), call = call)
  }
  invisible(file)
}

# Is knitr running a document whose output is not HTML (Word, PDF)?
knitr_not_html <- function() {
  isTRUE(getOption("knitr.in.progress")) && requireNamespace("knitr", quietly = TRUE) &&
    !is.null(knitr::opts_knit$get("rmarkdown.pandoc.to")) && !knitr::is_html_output()
}

# The items to show: all of the typology's, or those `items` selects.
select_card_items <- function(items, prof, call) {
  if (rlang::quo_is_null(items)) return(NULL)
  df <- as.data.frame(prof$x[0, , drop = FALSE])
  names(select_items(df, items, arg = "fit", call = call, what = "items"))
}

# Fields read from a stability() result (class "typology_stability"), each
# optional:
#   $shares: data frame, one row per type: type (1..k), estimate, lower, upper
#            (shares in [0, 1]) and optionally level (e.g. 0.95);
#   $types:  data frame, one row per type: type (1..k), jaccard (mean Jaccard
#            similarity of the type with its best match over the replicates).
#   $fit_fingerprint: typology_fingerprint() of the fit it assessed; it must
#            match `fit` (a stability() of another fit is refused).
check_stability <- function(stability, fit, call = rlang::caller_env()) {
  if (is.null(stability)) return(invisible(NULL))
  if (!inherits(stability, "typology_stability")) {
    abort_input(
      c("{.arg stability} must be a result of {.fn stability} or {.code NULL}.",
        x = "You supplied {.obj_type_friendly {stability}}."),
      call = call
    )
  }
  if (!identical(stability$fit_fingerprint, typology_fingerprint(fit))) {
    abort_input(
      c("{.arg stability} does not belong to {.arg fit}.",
        x = if (is.null(stability$fit_fingerprint))
          "It does not say which typology it assessed (made by an older version of typfrage?)."
        else "It assessed a typology with other types, rows or number of types.",
        i = "Run {.code stability(fit)} on this typology and pass the result."),
      class = "typfrage_error_stability_mismatch",
      call = call
    )
  }
  invisible(stability)
}

resolve_types <- function(type, fit, call = rlang::caller_env()) {
  k <- fit$k
  if (is.null(type)) return(seq_len(k))
  labs <- type_labels(fit)
  if (is.character(type)) {
    hit <- match(type, labs)
    if (anyNA(hit)) {
      abort_input(
        c("{.arg type} names unknown type{?s} {.val {type[is.na(hit)]}}.",
          i = "The types are {.val {labs}}."),
        call = call
      )
    }
    return(unique(hit))
  }
  if (!is.numeric(type) || anyNA(type) || any(type != trunc(type)) ||
      any(type < 1 | type > k)) {
    abort_input(
      c("{.arg type} must be type numbers between 1 and {k}, or type names.",
        x = "You supplied {.obj_type_friendly {type}}."),
      call = call
    )
  }
  unique(as.integer(type))
}

