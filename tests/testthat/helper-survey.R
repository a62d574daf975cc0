# A survey export as SPSS users have it: the twelve goal items of `kommunen`
# as labelled numbers with German variable labels, value labels, a declared
# missing code 9 = "keine Angabe" in some answers, system NA, a weight and
# labelled covariates.
spss_like_kommunen <- function(n_declared = 40, seed = 1) {
  set.seed(seed)
  d <- kommunen
  items <- kommunen_items$variable
  scale_labels <- c("gar nicht wichtig" = 1, "weniger wichtig" = 2, "teils/teils" = 3,
                    "wichtig" = 4, "sehr wichtig" = 5, "keine Angabe" = 9)
  out <- data.frame(id = seq_len(nrow(d)))
  for (j in seq_along(items)) {
    v <- as.double(d[[items[j]]])
    v[sample(length(v), n_declared %/% length(items) + 1)] <- 9
    out[[sprintf("f3_%02d", j)]] <- haven::labelled_spss(
      v, labels = scale_labels, na_values = 9,
      label = kommunen_items$label_de[j]
    )
  }
  out$f3_01[c(5, 17)] <- NA  # system-missing
  out$gewicht <- haven::labelled_spss(round(runif(nrow(d), 0.5, 1.5), 3), label = "Gewicht")
  out$art <- haven::labelled_spss(as.integer(d$kind), labels = stats::setNames(seq_along(levels(d$kind)), levels(d$kind)),
                                  label = "Art der Kommune")
  out
}
