# Everything a Steckbrief shows, in long form (as.data.frame(), tidy()): one
# row per number or text of a card, so users can build their own layout.

#' @export
as.data.frame.typology_steckbrief <- function(x, row.names = NULL, optional = FALSE, ...,
                                              lang = NULL) {
  lang <- typfrage_lang(lang)
  out <- do.call(rbind, lapply(x$cards, card_frame, lang = lang))
  rownames(out) <- NULL
  out
}

card_frame <- function(card, lang) {
  base <- function(section, variable, label, category, value, reference, statistic,
                   lower = NA_real_, upper = NA_real_, p_value = NA_real_, text = NA_character_) {
    if (!length(variable)) return(NULL)
    data.frame(type = card$type, type_label = card$name, section = section,
               variable = variable, label = label, category = category,
               value = value, reference = reference, statistic = statistic,
               lower = lower, upper = upper, p_value = p_value, text = text,
               stringsAsFactors = FALSE)
  }
  cv <- card$covariates
  nt <- card$not_testable
  pr <- card$profile
  tm <- card$typical
  section <- ifelse(cv$direction %in% c("over", "higher"), "over_represented", "under_represented")
  rbind(
    base("size", "n", "cases", NA_character_, card$n, card$n_total, NA_real_),
    base("size", "share", "share", NA_character_, card$share$estimate, NA_real_,
         NA_real_, card$share$lower, card$share$upper),
    base("words", c("title", "headline", "text"), NA_character_, NA_character_, NA_real_,
         NA_real_, NA_real_,
         text = c(card_title(card, lang), card_headline(card, lang), card_text(card, lang))),
    base("profile", pr$item, pr$label, NA_character_, pr$mean, pr$overall, pr$z,
         pr$lower, pr$upper),
    base("prioritises_more", card$high$item, card$high$label, NA_character_,
         card$high$mean, card$high$overall, card$high$d),
    base("prioritises_less", card$low$item, card$low$label, NA_character_,
         card$low$mean, card$low$overall, card$low$d),
    base(section, cv$covariate, cv$label, category_label(cv$category, cv$logical, lang),
         cv$value, cv$overall, cv$statistic, p_value = cv$p_value, text = cv$test),
    base("not_testable", nt$covariate, nt$label, category_label(nt$category, nt$logical, lang),
         nt$value, nt$overall, nt$statistic, p_value = nt$p_value,
         text = sprintf("expected count %.2f < %d", nt$expected, chisq_min_expected)),
    base("stability", "jaccard", "mean Jaccard", NA_character_, card$jaccard, NA_real_,
         NA_real_, text = stability_text(card, lang)),
    base("typical_member", rep("row", nrow(tm)), tm$id, tm$kind, tm$row, NA_real_, NA_real_)
  )
}
