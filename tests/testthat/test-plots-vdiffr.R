# Visual regression: every autoplot() method in English and German.
test_that("every autoplot() method renders in English and German", {
  skip_if_not_installed("vdiffr")
  skip_on_cran()
  ob <- plot_objects()
  gap <- gap_statistic(scale(USArrests), k = 1:4, B = 5, nstart = 5, seed = 1, threads = 1,
                       verbose = FALSE)
  agr <- agreement(ob$fit$cluster, usarrests_partition(3))
  for (lang in c("en", "de")) {
    plots <- list(
      dendrogram = autoplot(ob$fit, lang = lang),
      profile = autoplot(ob$prof, lang = lang),
      profile_intervals = autoplot(ob$prof, stability = ob$st, lang = lang),
      heatmap = autoplot(ob$prof, type = "heatmap", lang = lang),
      map = autoplot(ob$prof, type = "map", lang = lang),
      covariate = autoplot(ob$prof, type = "covariate", lang = lang),
      covariate_numeric = autoplot(ob$prof, type = "covariate", covariate = "area", lang = lang),
      scan = autoplot(ob$scan, lang = lang),
      flow = autoplot(ob$scan, type = "flow", fit = ob$fit, lang = lang),
      silhouette = autoplot(ob$sil, lang = lang),
      jaccard = autoplot(ob$st, lang = lang),
      shares = autoplot(ob$st, type = "shares", lang = lang),
      gap = autoplot(gap, lang = lang),
      agreement = autoplot(agr, lang = lang)
    )
    for (nm in names(plots)) {
      expect_no_warning(ggplot2::ggplot_build(plots[[nm]]))
      vdiffr::expect_doppelganger(paste(nm, lang), plots[[nm]])
    }
  }
})
