#' Steckbriefe: a one-page profile card per type
#'
#' A Steckbrief sums up a type on one card: its name, size and share (with the
#' bootstrap interval from `stability()` when given), the items the type
#' prioritises most and least compared with all other types (Cohen's d from
#' [profiles()]), the covariate categories over-represented in it (adjusted
#' standardised residual above 1.96), and its medoid or most typical member.
#'
#' The most typical member is the medoid for k-medoids fits (`fit$medoids`);
#' otherwise it is the member closest (Euclidean distance, in the scale the
#' typology was fitted in) to the type's centre. It is shown by its row in the
#' original data and, when `data` has row names (such as the names of the
#' municipalities), by its name.
#'
#' @inheritParams profiles
#' @param type Which types to describe: type numbers, or type names set with
#'   [name_types()]. `NULL` (the default) describes every type.
#' @param stability Optional: a `typology_stability` object from
#'   `stability()`. When it has a `shares` data frame (columns `type`,
#'   `estimate`, `lower`, `upper` and optionally `level`), the card shows the
#'   interval of the type's share; when it has a `types` data frame with
#'   columns `type` and `jaccard`, the card shows the type's mean Jaccard
#'   recovery.
#' @param format `"console"` (the default) returns a `typology_steckbrief`
#'   object that prints compact cards fitting an 80-column console;
#'   `"markdown"` and `"html"` return the cards as text (a character string
#'   of class `knit_asis`) that R Markdown and Quarto documents render as
#'   they are when it is the value of a chunk.
#' @param top How many items (and covariate categories) to list per section.
#' @param lang Language of the cards: `"en"` or `"de"`; `NULL` (the default)
#'   uses [typfrage_lang()] when the cards are printed or formatted (for
#'   `"markdown"` and `"html"`: now).
#' For latent class typologies (`method = "lca"`) every item line also shows
#' the probability that a member of the type answers the item's top category
#' (`P(top)`, from the response probabilities).
#'
#' @return For `format = "console"`, an object of class `typology_steckbrief`
#'   (a list of cards) with `print()`, `format()`, `as.data.frame()` (the
#'   numbers of every card in long form) and [generics::tidy()] methods. For
#'   `"markdown"` and `"html"`, a character string of class
#'   `c("typology_steckbrief_text", "knit_asis")`.
#' @export
#' @examples
#' fit <- typology(kommunen, k = 4, items = kommunen_items$variable, seed = 1)
#' codebook <- kommunen_items[c("variable", "label_en")]
#' fit <- name_types(fit, suggest_names(fit, codebook))
#' steckbrief(fit, covariates = kommunen[c("kind", "size_class", "strategy")],
#'            labels = codebook)
#' steckbrief(fit, type = 1, format = "markdown", labels = codebook)
steckbrief <- function(fit, type = NULL, data = NULL, covariates = NULL,
                       stability = NULL, labels = NULL,
                       format = c("console", "markdown", "html"), top = 3L,
                       lang = NULL) {
  check_typology(fit)
  lang_arg <- lang
  if (!is.null(lang)) lang <- typfrage_lang(lang)
  format <- as_input_error(rlang::arg_match(format))
  check_count(top, min = 1)
  check_stability(stability, fit)
  covariates <- rlang::enquo(covariates)
  prof <- profiles(fit, data = data, covariates = covariates, labels = labels)
  types <- resolve_types(type, fit)
  row_names <- NULL
  if (!is.null(data) && !is.null(rownames(data)) &&
      !identical(rownames(data), as.character(seq_len(nrow(data))))) {
    row_names <- rownames(data)
  }
  cards <- lapply(types, function(t) build_card(fit, prof, t, stability, top, row_names))
  out <- structure(list(cards = cards, k = prof$k, n = prof$n,
                        weighted = prof$weighted),
                   class = "typology_steckbrief")
  if (format == "console") return(out)
  text <- format.typology_steckbrief(out, format = format, lang = lang_arg)
  structure(paste(text, collapse = "\n"),
            class = c("typology_steckbrief_text", "knit_asis"),
            knit_cacheable = NA, format = format)
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

build_card <- function(fit, prof, t, stability, top, row_names = NULL) {
  labs <- type_labels(prof)
  pr <- prof$profile[prof$profile$type == t, ]
  overall <- prof$item_stats$mean[match(pr$item, prof$item_stats$item)]
  items <- data.frame(item = pr$item, label = pr$label, mean = pr$mean,
                      overall = overall, d = pr$d, stringsAsFactors = FALSE)
  # latent class typologies: probability of the item's top category
  if (!is.null(pr$p_top) && any(!is.na(pr$p_top))) items$p_top <- pr$p_top
  high <- items[!is.na(items$d) & items$d > 0, ]
  high <- utils::head(high[order(-high$d), ], top)
  low <- items[!is.na(items$d) & items$d < 0, ]
  low <- utils::head(low[order(low$d), ], top)

  over <- do.call(rbind, c(list(empty_over()), lapply(prof$covariates, function(cv) {
    if (cv$kind != "categorical" || !ncol(cv$residual)) return(NULL)
    res <- cv$residual[t, ]
    keep <- which(!is.na(res) & res > stats::qnorm(0.975))
    if (!length(keep)) return(NULL)
    data.frame(covariate = cv$name, label = cv$label,
               category = colnames(cv$residual)[keep],
               share = unname(cv$row_share[t, keep]),
               overall = unname(cv$share[keep]),
               residual = unname(res[keep]), stringsAsFactors = FALSE)
  })))
  over <- utils::head(over[order(-over$residual), ], top)
  rownames(high) <- rownames(low) <- rownames(over) <- NULL

  share <- list(estimate = unname(prof$share[t]), lower = NA_real_,
                upper = NA_real_, level = NA_real_)
  sh <- stability$shares
  if (is.data.frame(sh) && all(c("type", "lower", "upper") %in% names(sh))) {
    i <- match(t, sh$type)
    if (!is.na(i)) {
      share$lower <- sh$lower[i]
      share$upper <- sh$upper[i]
      share$level <- if ("level" %in% names(sh)) sh$level[i] else 0.95
    }
  }
  jac <- NA_real_
  ty <- stability$types
  if (is.data.frame(ty) && all(c("type", "jaccard") %in% names(ty))) {
    i <- match(t, ty$type)
    if (!is.na(i)) jac <- ty$jaccard[i]
  }

  list(type = t, name = labs[t], n = unname(prof$size[t]), n_total = prof$n,
       weight = unname(prof$weight[t]), weighted = prof$weighted,
       share = share, jaccard = jac, high = high, low = low, over = over,
       typical = typical_member(fit, prof, t, row_names))
}

empty_over <- function() {
  data.frame(covariate = character(), label = character(), category = character(),
             share = numeric(), overall = numeric(), residual = numeric(),
             stringsAsFactors = FALSE)
}

# The medoid (k-medoids fits) or the member nearest to the type's centre in
# the scale the typology was fitted in.
# row_names: names of the rows of the user's data, when known.
typical_member <- function(fit, prof, t, row_names = NULL) {
  if (!is.null(fit$medoids) && length(fit$medoids) >= t) {
    row <- as.integer(fit$medoids[t])
    kind <- "medoid"
  } else {
    idx <- which(prof$cluster == t)
    if (!length(idx)) return(list(row = NA_integer_, name = NA_character_, kind = "none"))
    x <- prof$x[idx, , drop = FALSE]
    centre <- if (!is.null(fit$centers) && identical(colnames(fit$centers), prof$items))
      fit$centers[t, ] else prof$means[t, ]
    s <- fit$settings
    if (isTRUE(s$standardize) && !is.null(s$center) && !is.null(s$scale)) {
      x <- standardize_items(x, s)
      centre <- (centre - s$center) / s$scale
    }
    dev <- sweep(x, 2, centre)
    dev[!is.finite(dev)] <- 0
    best <- idx[which.min(rowSums(dev^2))]
    row <- prof$rows[best]
    kind <- "closest to the centre"
  }
  name <- NA_character_
  if (!is.null(row_names)) {
    name <- row_names[row]
  } else if (!is.null(rownames(fit$data))) {
    pos <- match(row, fit$rows)
    if (!is.na(pos)) name <- rownames(fit$data)[pos]
  }
  list(row = row, name = name, kind = kind)
}

#' @export
format.typology_steckbrief <- function(x, format = c("console", "markdown", "html"),
                                       ..., lang = NULL) {
  format <- as_input_error(rlang::arg_match(format))
  lang <- typfrage_lang(lang)
  fun <- switch(format, console = card_console, markdown = card_markdown,
                html = card_html)
  lines <- unlist(lapply(seq_along(x$cards), function(i) {
    c(if (i > 1) "", fun(x$cards[[i]], lang))
  }))
  lines
}

#' @export
print.typology_steckbrief <- function(x, ..., lang = NULL) {
  cli::cat_line(format.typology_steckbrief(x, format = "console", lang = lang))
  invisible(x)
}

#' @export
print.typology_steckbrief_text <- function(x, ...) {
  cat(x, "\n", sep = "")
  invisible(x)
}

size_text <- function(card, lang = "en") {
  pct <- function(v) fmt_pct(v, 1, lang)
  s <- tr(if (card$weighted) "sb_size_weighted" else "sb_size_text", lang,
          fmt_int(card$n, lang), fmt_int(card$n_total, lang), pct(card$share$estimate))
  if (!is.na(card$share$lower)) {
    s <- tr("sb_size_interval", lang, s, fmt_pct(card$share$level, 0, lang),
            pct(card$share$lower), pct(card$share$upper))
  }
  s
}

typical_text <- function(card, lang = "en") {
  tm <- card$typical
  if (is.na(tm$row)) return(tr("sb_none", lang))
  who <- if (!is.na(tm$name) && nzchar(tm$name)) tr("sb_typical_named", lang, tm$name, tm$row)
         else tr("sb_typical_row", lang, tm$row)
  kind <- switch(tm$kind, medoid = tr("sb_kind_medoid", lang),
                 `closest to the centre` = tr("sb_kind_closest", lang), tm$kind)
  sprintf("%s, %s", who, kind)
}

# The card's title: "Type 2: Optimierer", or the default name alone.
card_title <- function(card, lang = "en") {
  default <- tr("type_n", lang, card$type)
  if (card$name %in% c(default, paste("Type", card$type))) default
  else tr("sb_title", lang, card$type, card$name)
}

card_console <- function(card, lang = "en") {
  width <- 80L
  num <- function(v) fmt_num(v, 2, lang)
  out <- c(cli::rule(left = fit_width(card_title(card, lang), width - 10L), width = width - 2L),
           paste0(tr("sb_size", lang), ": ", size_text(card, lang)))
  if (!is.na(card$jaccard)) {
    out <- c(out, paste0(tr("sb_stability", lang), ": ",
                         tr("sb_mean_jaccard", lang, num(card$jaccard))))
  }
  vs <- tr("sb_vs", lang)
  item_lines <- function(df) {
    if (!nrow(df)) return(paste0("  ", tr("none_paren", lang)))
    lw <- if (is.null(df$p_top)) 40L else 26L
    out <- sprintf("  %s  %s %s %s  d = %s",
                   formatC(fit_width(df$label, lw), width = -lw),
                   formatC(num(df$mean), width = 8), vs, formatC(num(df$overall), width = -8),
                   fmt_signed(df$d, 2, lang))
    if (!is.null(df$p_top)) out <- paste0(out, "  P(top) ", num(df$p_top))
    out
  }
  out <- c(out, tr("sb_more_console", lang),
           item_lines(card$high),
           tr("sb_less_console", lang), item_lines(card$low))
  if (nrow(card$over)) {
    out <- c(out, paste0(tr("sb_over", lang), " ", tr("sb_over_note", lang), ":"),
             sprintf("  %s  %s %s %s  %s %s",
                     formatC(fit_width(paste0(card$over$label, ": ", card$over$category), 40),
                             width = -40),
                     formatC(fmt_pct(card$over$share, 1, lang), width = 8), vs,
                     formatC(fmt_pct(card$over$overall, 1, lang), width = -8),
                     tr("sb_res", lang), fmt_signed(card$over$residual, 2, lang)))
  }
  out <- c(out, paste0(tr("sb_typical", lang), ": ", typical_text(card, lang)))
  fit_width(out, width)
}

md_escape <- function(x) gsub("([|*_`\\\\])", "\\\\\\1", x)

md_table <- function(header, rows, align) {
  c(paste0("| ", paste(header, collapse = " | "), " |"),
    paste0("|", paste(ifelse(align == "l", ":---", "---:"), collapse = "|"), "|"),
    apply(rows, 1, function(r) paste0("| ", paste(r, collapse = " | "), " |")))
}

# The column headings of the item and covariate tables of a card.
card_headers <- function(lang, p_top = FALSE) {
  list(items = tr_or(paste0("sb_col_", c("item", "type_mean", "overall", "d",
                                         if (p_top) "ptop")), lang),
       over = tr_or(paste0("sb_col_", c("covariate", "category", "share_type", "share_all",
                                        "residual")), lang))
}

# The rows of a card's item table and covariate table, as text.
card_item_rows <- function(df, lang, escape = identity) {
  num <- function(v) fmt_num(v, 2, lang)
  out <- cbind(escape(df$label), num(df$mean), num(df$overall), fmt_signed(df$d, 2, lang))
  if (!is.null(df$p_top)) out <- cbind(out, num(df$p_top))
  out
}

card_over_rows <- function(over, lang, escape = identity) {
  cbind(escape(over$label), escape(over$category), fmt_pct(over$share, 1, lang),
        fmt_pct(over$overall, 1, lang), fmt_signed(over$residual, 2, lang))
}

card_markdown <- function(card, lang = "en") {
  out <- c(paste("###", md_escape(card_title(card, lang))), "",
           paste0("**", tr("sb_size", lang), ":** ", size_text(card, lang)), "")
  if (!is.na(card$jaccard)) {
    out <- c(out, paste0("**", tr("sb_stability", lang), ":** ",
                         tr("sb_mean_jaccard", lang, fmt_num(card$jaccard, 2, lang))), "")
  }
  item_table <- function(df) {
    if (!nrow(df)) return(c(tr("none_paren", lang), ""))
    head <- card_headers(lang, !is.null(df$p_top))$items
    c(md_table(head, card_item_rows(df, lang, md_escape),
               c("l", rep("r", length(head) - 1L))), "")
  }
  out <- c(out, paste0("**", tr("sb_more", lang), "**"), "", item_table(card$high),
           paste0("**", tr("sb_less", lang), "**"), "", item_table(card$low))
  if (nrow(card$over)) {
    out <- c(out, paste0("**", tr("sb_over", lang), "** ", tr("sb_over_note", lang)), "",
             md_table(card_headers(lang)$over, card_over_rows(card$over, lang, md_escape),
                      c("l", "l", "r", "r", "r")), "")
  }
  c(out, paste0("**", tr("sb_typical", lang), ":** ", md_escape(typical_text(card, lang))), "")
}

html_escape <- function(x) {
  x <- gsub("&", "&amp;", x, fixed = TRUE)
  x <- gsub("<", "&lt;", x, fixed = TRUE)
  x <- gsub(">", "&gt;", x, fixed = TRUE)
  gsub("\"", "&quot;", x, fixed = TRUE)
}

html_table <- function(header, rows) {
  c("<table>",
    paste0("<thead><tr>", paste0("<th>", html_escape(header), "</th>", collapse = ""),
           "</tr></thead>"),
    "<tbody>",
    apply(rows, 1, function(r) paste0("<tr>", paste0("<td>", html_escape(r), "</td>",
                                                     collapse = ""), "</tr>")),
    "</tbody>", "</table>")
}

card_html <- function(card, lang = "en") {
  strong <- function(key, colon = "") paste0("<strong>", html_escape(tr(key, lang)), colon, "</strong>")
  out <- c('<div class="typfrage-steckbrief">',
           paste0("<h3>", html_escape(card_title(card, lang)), "</h3>"),
           paste0("<p>", strong("sb_size", ":"), " ", html_escape(size_text(card, lang)), "</p>"))
  if (!is.na(card$jaccard)) {
    out <- c(out, paste0("<p>", strong("sb_stability", ":"), " ",
                         html_escape(tr("sb_mean_jaccard", lang, fmt_num(card$jaccard, 2, lang))),
                         "</p>"))
  }
  item_table <- function(df) {
    if (!nrow(df)) return(paste0("<p>", html_escape(tr("none_paren", lang)), "</p>"))
    html_table(card_headers(lang, !is.null(df$p_top))$items, card_item_rows(df, lang))
  }
  out <- c(out, paste0("<p>", strong("sb_more"), "</p>"), item_table(card$high),
           paste0("<p>", strong("sb_less"), "</p>"), item_table(card$low))
  if (nrow(card$over)) {
    out <- c(out, paste0("<p>", strong("sb_over"), " ", html_escape(tr("sb_over_note", lang)),
                         "</p>"),
             html_table(card_headers(lang)$over, card_over_rows(card$over, lang)))
  }
  c(out, paste0("<p>", strong("sb_typical", ":"), " ", html_escape(typical_text(card, lang)), "</p>"),
    "</div>")
}

#' @export
as.data.frame.typology_steckbrief <- function(x, row.names = NULL, optional = FALSE, ...) {
  rows <- lapply(x$cards, function(card) {
    base <- function(section, variable, label, category, value, reference,
                     statistic, lower = NA_real_, upper = NA_real_) {
      if (!length(variable)) return(NULL)
      data.frame(type = card$type, type_label = card$name, section = section,
                 variable = variable, label = label, category = category,
                 value = value, reference = reference, statistic = statistic,
                 lower = lower, upper = upper, stringsAsFactors = FALSE)
    }
    rbind(
      base("size", "n", "cases", NA_character_, card$n, card$n_total, NA_real_),
      base("size", "share", "share", NA_character_, card$share$estimate, NA_real_,
           NA_real_, card$share$lower, card$share$upper),
      base("prioritises_more", card$high$item, card$high$label, NA_character_,
           card$high$mean, card$high$overall, card$high$d),
      base("prioritises_less", card$low$item, card$low$label, NA_character_,
           card$low$mean, card$low$overall, card$low$d),
      base("over_represented", card$over$covariate, card$over$label,
           card$over$category, card$over$share, card$over$overall, card$over$residual),
      base("typical_member", "row", card$typical$name, card$typical$kind,
           card$typical$row, NA_real_, NA_real_)
    )
  })
  out <- do.call(rbind, rows)
  rownames(out) <- NULL
  out
}
