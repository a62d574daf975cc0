# The words of a Steckbrief, written from a card's numbers (build_card()) in
# the language asked for: title, size, headline, text, stability, the
# covariate findings, typical members and footer. Every format uses these.

# "A, B and C" / "A, B und C".
join_words <- function(x, lang) {
  if (length(x) <= 1L) return(paste(x, collapse = ""))
  paste0(paste(x[-length(x)], collapse = ", "), tr("sb_and", lang), x[length(x)])
}

# The card's title: "Type 2: Optimierer", or the default name alone.
card_title <- function(card, lang = "en") {
  default <- tr("type_n", lang, card$type)
  if (card$name %in% c(default, paste("Type", card$type))) default
  else tr("sb_title", lang, card$type, card$name)
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

# One sentence: what the type prioritises more (else less) than the others.
card_headline <- function(card, lang = "en") {
  if (nrow(card$high)) return(tr("sb_headline_more", lang, join_words(card$high$label[1:min(2, nrow(card$high))], lang)))
  if (nrow(card$low)) return(tr("sb_headline_less", lang, join_words(card$low$label[1:min(2, nrow(card$low))], lang)))
  tr("sb_headline_none", lang, fmt_num(card$min_d %||% 0.2, 1, lang))
}

# A short text of strengths and weaknesses, from the profile and the
# covariate findings.
card_text <- function(card, lang = "en") {
  out <- character()
  if (nrow(card$high)) out <- c(out, tr("sb_text_high", lang, join_words(card$high$label, lang)))
  if (nrow(card$low)) out <- c(out, tr("sb_text_low", lang, join_words(card$low$label, lang)))
  cv <- card$covariates
  for (dir in c("over", "under", "higher", "lower")) {
    f <- cv[cv$direction == dir, , drop = FALSE]
    if (nrow(f)) out <- c(out, tr(paste0("sb_text_", dir), lang,
                                  join_words(finding_phrase(f, lang), lang)))
  }
  paste(out, collapse = " ")
}

# "Art: kreisfreie Stadt (32 % vs. 15 %)", "Beteiligung: ja (...)",
# "E-Government-Komponenten (3,1 vs. 2,0)".
finding_phrase <- function(f, lang) {
  what <- ifelse(f$kind == "numeric", f$label,
                 paste0(f$label, ": ", category_label(f$category, f$logical, lang)))
  paste0(what, " (", finding_value(f$value, f$kind, lang), " ", tr("sb_vs", lang), " ",
         finding_value(f$overall, f$kind, lang), ")")
}

finding_value <- function(x, kind, lang) {
  ifelse(kind == "numeric", fmt_num(x, 2, lang), fmt_pct(x, 0, lang))
}

# Categories as users read them: logical covariates as yes/no (ja/nein).
category_label <- function(category, logical, lang) {
  out <- as.character(category)
  lg <- logical %in% TRUE
  out[lg & out == "TRUE"] <- tr("sb_yes", lang)
  out[lg & out == "FALSE"] <- tr("sb_no", lang)
  out[is.na(out)] <- ""
  out
}

# The test of each finding, in words: "adj. residual +2.51", "Kruskal-Wallis, z = +0.45".
finding_test <- function(f, lang) {
  ifelse(f$kind == "numeric", tr("sb_test_kw", lang, fmt_signed(f$statistic, 2, lang)),
         tr("sb_test_residual", lang, fmt_signed(f$statistic, 2, lang)))
}

finding_direction <- function(f, lang) {
  unname(vapply(f$direction, function(d) tr(paste0("sb_", d), lang), ""))
}

# The rows of the covariate table: covariate, category, in type, overall,
# test, p.
finding_rows <- function(f, lang) {
  cbind(f$label, paste0(finding_direction(f, lang), ifelse(f$kind == "numeric", "", ": "),
                        ifelse(f$kind == "numeric", "", category_label(f$category, f$logical, lang))),
        finding_value(f$value, f$kind, lang), finding_value(f$overall, f$kind, lang),
        finding_test(f, lang), format_p(f$p_value, lang))
}

finding_header <- function(lang) {
  tr_or(paste0("sb_col_", c("covariate", "category", "in_type", "all", "test", "p")), lang)
}

# The categories the rule kept from being reported (expected count < 5).
not_testable_text <- function(card, lang) {
  nt <- card$not_testable
  if (!nrow(nt)) return(NULL)
  what <- paste0(nt$label, ": ", category_label(nt$category, nt$logical, lang))
  tr("sb_not_testable", lang, chisq_min_expected, join_words(unique(what), lang))
}

covariate_rule_text <- function(card, lang) {
  tr("sb_covariates_rule", lang, fmt_num(card$residual %||% 1.96, 2, lang), chisq_min_expected,
     fmt_num(card$min_d %||% 0.2, 1, lang))
}

stability_text <- function(card, lang = "en") {
  st <- card$stability
  if (is.null(st) || is.na(card$jaccard)) return(tr("sb_stability_none", lang))
  verdict <- stability_verdict(card$jaccard, lang)
  verdict <- paste0(toupper(substr(verdict, 1, 1)), substring(verdict, 2))
  if (is.null(st$B) || is.null(st$resample)) {
    return(paste0(verdict, ": ", tr("sb_mean_jaccard", lang, fmt_num(card$jaccard, 2, lang))))
  }
  tr("sb_stability_text", lang, verdict, fmt_num(card$jaccard, 2, lang), as.integer(st$B),
     resample_label(st$resample, lang), fmt_pct(card$dissolved %||% NA_real_, 0, lang))
}

# The typical members as lines: "Musterstadt (row 12), medoid".
typical_lines <- function(card, lang = "en") {
  tm <- card$typical
  if (!nrow(tm)) return(tr("sb_none", lang))
  who <- ifelse(!is.na(tm$id) & nzchar(tm$id),
                vapply(seq_len(nrow(tm)), function(i) tr("sb_typical_named", lang, tm$id[i], tm$row[i]), ""),
                vapply(tm$row, function(r) tr("sb_typical_row", lang, r), ""))
  kind <- ifelse(tm$kind == "medoid", tr("sb_kind_medoid", lang), tr("sb_kind_closest", lang))
  paste0(who, ", ", kind)
}

# The footer: data, method, rules; the synthetic-data notice for `kommunen`.
footer_lines <- function(x, lang = "en") {
  weighted <- if (isTRUE(x$weighted)) tr("weighted_comma", lang) else ""
  method <- tr_or(paste0("method_", x$method), lang, x$method)
  out <- tr("sb_footer_data", lang, fmt_int(x$n, lang), weighted, method, as.integer(x$k),
            fmt_num(x$options$min_d, 1, lang))
  if (isTRUE(x$synthetic)) out <- c(out, tr("sb_synthetic", lang))
  c(out, x$footer)
}
