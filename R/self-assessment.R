#' A self-assessment page: "Which type am I?"
#'
#' Writes one self-contained HTML file (script, styles and the model inline;
#' no server, no internet, nothing loaded from elsewhere, so it works opened
#' from a USB stick or put on any web server) that asks the typology's
#' questions and shows the respondent's type: its name, its share, the short
#' text of its Steckbrief (the items it prioritises more and less than the
#' others, from [steckbrief()]), its profile with the respondent's answers,
#' the closeness to every type, and a note when answers are missing or the
#' assignment is uncertain.
#'
#' @section Assignment:
#' The page assigns exactly as [predict()] does: the same coding and
#' standardisation, the same distances summed in the same order, the same
#' tie order (the fit's `settings$tie_priority`, the core's numbering of the
#' prototypes; for latent classes the lower type number), the nearest fitted
#' row for Ward, and the latent class posterior (unanswered items drop out of
#' the likelihood). The closeness to the types is `predict(type = "prob")`:
#' posterior probabilities for latent classes, fuzzy memberships (m = 2) for
#' the centre methods. The assignment is flagged as uncertain when the
#' second-closest type's closeness is at least `uncertain` times the assigned
#' type's.
#'
#' @section Missing answers:
#' With `na_action = "omit"` (the default, as in `predict()`) a type is shown
#' only when every question is answered; with `"available"` it is assigned
#' from the answered questions, as `predict(na_action = "available")` does,
#' with a note. Latent class typologies always assign from the answered
#' questions.
#'
#' @section Interface for other tools:
#' Answers can be passed in the page's address as query parameters named by
#' item, with the codes of the response scale:
#' `selbsttest.html?goal_legal=5&goal_funding=4`. A survey tool can link
#' respondents straight to their result. The result is in the element with id
#' `typfrage-result`: its attribute `data-type` holds the type number and
#' `data-name` the type's name once every required answer is given (both
#' empty before); `data-status` is `"complete"`, `"partial"` (assigned from
#' some answers) or `"incomplete"`. Values that are not on an item's scale
#' are ignored, with a note. The script exposes `window.typfrage` with
#' `fromURL()` (read the address again), `classify(answers)` and `model`.
#'
#' @param x A `typology` from [typology()] or a `typology_short_form` from
#'   [short_form()] (then the page asks the short form's questions and shows
#'   the full typology's types).
#' @param file The HTML file to write.
#' @param lang The page's language, `"en"` or `"de"`; `NULL` uses
#'   [typfrage_lang()].
#' @param title The page's title; `NULL` gives a default in `lang`.
#' @param labels Item labels (the question texts): a codebook as in
#'   [profiles()] (e.g. `kommunen_items[c("variable", "label_de")]`); `NULL`
#'   uses the variable labels of the data, else the item names.
#' @param scale_labels Labels of response codes for items without value
#'   labels: a character vector named by the codes, e.g.
#'   `c("1" = "low", "5" = "very high")`. Value labels of the data (and the
#'   levels of factors) take precedence.
#' @param note Optional text shown under the title (e.g. where the typology
#'   comes from).
#' @param na_action `"omit"` or `"available"`, see "Missing answers".
#' @param uncertain Threshold of the uncertainty note (a number in (0, 1]).
#' @param ... Unused (an error if given).
#' @return `file`, invisibly.
#' @seealso [short_form()] for a shorter questionnaire.
#' @export
#' @examples
#' fit <- typology(kommunen, k = 4, items = kommunen_items$variable,
#'                 seed = 1, nstart = 5, threads = 1)
#' page <- self_assessment(fit, tempfile(fileext = ".html"),
#'                         labels = kommunen_items[c("variable", "label_en")],
#'                         scale_labels = c("1" = "low", "5" = "very high"))
#' file.size(page)
self_assessment <- function(x, file, lang = NULL, title = NULL, labels = NULL,
                            scale_labels = NULL, note = NULL,
                            na_action = c("omit", "available"), uncertain = 0.8, ...) {
  call <- rlang::current_env()
  if (inherits(x, "typology_short_form")) {
    check_short_form(x, call = call)
    if (...length()) as_input_error(rlang::check_dots_empty(call = call))
    full <- x$fit
    model_fit <- x$classifier
  } else {
    if (!inherits(x, "typology")) {
      abort_input(
        c("{.arg x} must be a typology (from {.fn typology}) or a short form (from {.fn short_form}).",
          x = "You supplied {.obj_type_friendly {x}}."),
        call = call
      )
    }
    check_typology(x, ..., arg = "x")
    full <- model_fit <- x
  }
  if (identical(full$method, "external")) abort_external_predict(call)
  if (identical(full$settings$distance, "stored")) {
    abort_input("A typology fitted on a {.cls dist} object cannot assign new cases.", call = call)
  }
  if (!(is.character(file) && length(file) == 1L && !is.na(file) && nzchar(file))) {
    abort_input("{.arg file} must be the path of the HTML file to write.", call = call)
  }
  lang <- typfrage_lang(lang)
  na_action <- check_choice(na_action, call = call)
  check_number(uncertain, min = 0, max = 1, arg = "uncertain", call = call)
  if (!is.null(title) && !(is.character(title) && length(title) == 1L && !is.na(title))) {
    abort_input("{.arg title} must be a single string or {.code NULL}.", call = call)
  }
  if (!is.null(note) && !(is.character(note) && length(note) == 1L && !is.na(note))) {
    abort_input("{.arg note} must be a single string or {.code NULL}.", call = call)
  }
  if (!is.null(scale_labels) &&
      !(is.character(scale_labels) && !is.null(names(scale_labels)) &&
        !anyNA(suppressWarnings(as.numeric(names(scale_labels)))))) {
    abort_input(
      c("{.arg scale_labels} must be a character vector named by response codes.",
        i = "For example {.code c(\"1\" = \"low\", \"5\" = \"very high\")}."),
      call = call
    )
  }
  all_labels <- resolve_labels(labels, full$settings$items, call = call,
                               defaults = full$settings$labels, lang = lang)
  model <- sa_model(full, model_fit, lang, title, all_labels, scale_labels, note,
                    na_action, uncertain)
  sa_write_page(model, file, lang)
  invisible(file)
}

# Everything the page needs, as a list for to_json().
sa_model <- function(full, fit, lang, title, labels, scale_labels, note, na_action,
                     uncertain) {
  s <- fit$settings
  lca <- identical(fit$method, "lca")
  items <- s$items
  proto <- s$prototypes
  storage.mode(proto) <- "double"
  ward <- NULL
  if (identical(fit$method, "ward")) {
    ward <- list(rows = json_rows(fitted_scale(fit)),
                 cluster = I(as.integer(fit$cluster[fit$rows])))
  }
  list(
    version = 1L, lang = lang,
    title = if (is.null(title)) tr("sa_title", lang) else title,
    note = note,
    method = fit$method, metric = if (lca) "lca" else assign_metric(fit),
    method_label = tr(paste0("method_", fit$method), lang),
    k = as.integer(fit$k),
    items = lapply(items, function(j) sa_item(fit, j, labels[[j]], scale_labels)),
    standardize = isTRUE(s$standardize),
    center = if (isTRUE(s$standardize)) I(unname(as.double(s$center))) else NULL,
    scale = if (isTRUE(s$standardize)) I(unname(as.double(s$scale))) else NULL,
    prototypes = if (lca) NULL else json_rows(proto),
    tie_priority = I(as.integer(if (is.null(s$tie_priority)) seq_len(fit$k) else s$tie_priority)),
    gower = if (identical(s$distance, "gower")) {
      list(range = I(as.double(s$gower$range)), nominal = I(as.logical(s$gower$nominal)),
           weight = I(as.double(if (is.null(s$gower$weight)) rep(1, length(items)) else s$gower$weight)))
    },
    ward = ward,
    lca = if (lca) sa_lca(fit),
    available = lca || na_action == "available",
    uncertain = uncertain,
    types = sa_types(full, labels, lang),
    profile_items = I(full$settings$items),
    profile_labels = I(unname(labels[full$settings$items])),
    profile_min = I(unname(as.double(full$settings$range["min", ]))),
    profile_max = I(unname(as.double(full$settings$range["max", ]))),
    overall = I(sa_overall(full)),
    strings = sa_strings(lang)
  )
}

# One question: name, label and the response scale (codes and their labels;
# or a number field for items that are not small whole numbers).
sa_item <- function(fit, j, label, scale_labels) {
  s <- fit$settings
  lev <- s$levels[[j]]
  vl <- s$value_labels[[j]]
  rng <- s$range[, j]
  if (identical(fit$method, "lca")) {
    K <- s$ncat[[j]]
    codes <- seq_len(K)
    cats <- if (length(lev) == K) lev else as.character(codes)
  } else if (!is.null(lev)) {
    codes <- seq_along(lev)
    cats <- lev
  } else if (all(is.finite(rng)) && all(rng == round(rng)) && diff(rng) <= 20) {
    codes <- seq(rng[1], rng[2])
    cats <- as.character(codes)
  } else {
    return(list(name = j, label = label, continuous = TRUE,
                min = as.double(rng[1]), max = as.double(rng[2]), values = I(numeric()),
                value_labels = I(character())))
  }
  text <- rep(NA_character_, length(codes))
  if (!is.null(scale_labels)) {
    hit <- match(codes, as.numeric(names(scale_labels)))
    text[!is.na(hit)] <- scale_labels[hit[!is.na(hit)]]
  }
  if (!is.null(vl)) {
    hit <- match(codes, as.numeric(unname(vl)))
    text[!is.na(hit)] <- names(vl)[hit[!is.na(hit)]]
  }
  if (!is.null(lev)) text <- lev[codes]
  list(name = j, label = label, continuous = FALSE, min = as.double(min(codes)),
       max = as.double(max(codes)), values = I(as.double(codes)),
       codes_shown = I(cats), value_labels = I(ifelse(is.na(text), "", text)))
}

# The latent class parameters: shares, and per item the k x K response
# probabilities (rows: types).
sa_lca <- function(fit) {
  probs <- fit$settings$lca$probs
  list(shares = I(unname(as.double(fit$settings$lca$shares))),
       probs = unname(lapply(probs, function(m) json_rows(unclass(m)))))
}

# Name, colour, share, Steckbrief text and type means of every type.
sa_types <- function(fit, labels, lang) {
  prof <- profiles(fit, labels = labels)
  cards <- as.data.frame(steckbrief(fit, labels = labels, lang = lang))
  cols <- type_colours(fit)
  names <- type_labels(fit, lang)
  lapply(seq_len(fit$k), function(t) {
    more <- cards$label[cards$type == t & cards$section == "prioritises_more"]
    less <- cards$label[cards$type == t & cards$section == "prioritises_less"]
    list(number = t, name = names[t], colour = unname(cols[t]),
         share = unname(as.double(prof$share[t])),
         more = if (length(more)) paste0(tr("sb_more", lang), ": ", paste(more, collapse = ", "), ".") else "",
         less = if (length(less)) paste0(tr("sb_less", lang), ": ", paste(less, collapse = ", "), ".") else "",
         means = I(unname(as.double(fit$centers[t, ]))))
  })
}

# Overall (weighted) mean of every item in the fitted data.
sa_overall <- function(fit) {
  w <- if (is.null(fit$weights)) rep(1, nrow(fit$data)) else fit$weights
  unname(apply(fit$data, 2, function(v) {
    ok <- !is.na(v)
    sum(w[ok] * v[ok]) / sum(w[ok])
  }))
}

# The page's texts in `lang`.
sa_strings <- function(lang) {
  keys <- grep("^sa_", names(typfrage_strings()), value = TRUE)
  keys <- c(keys, "type_n")
  stats::setNames(lapply(keys, function(k) tr(k, lang)), keys)
}

# Fill the template (inst/selfassessment/) with the styles, script and model.
sa_write_page <- function(model, file, lang) {
  dir <- system.file("selfassessment", package = "typfrage")
  read <- function(f) paste(readLines(file.path(dir, f), encoding = "UTF-8", warn = FALSE),
                            collapse = "\n")
  page <- read("page.html")
  parts <- list(LANG = lang, TITLE = sa_html_text(model$title), CSS = read("typfrage.css"),
                JS = read("typfrage.js"), MODEL = to_json(model))
  for (nm in names(parts)) {
    pieces <- strsplit(page, paste0("{{", nm, "}}"), fixed = TRUE)[[1]]
    page <- paste(pieces, collapse = parts[[nm]])
  }
  con <- file(file, open = "wb")
  on.exit(close(con))
  writeBin(charToRaw(enc2utf8(page)), con)
  invisible(file)
}

sa_html_text <- function(x) {
  x <- gsub("&", "&amp;", x, fixed = TRUE)
  x <- gsub("<", "&lt;", x, fixed = TRUE)
  gsub(">", "&gt;", x, fixed = TRUE)
}
