# Objects for the plot tests (issue #20): one named Ward + k-means fit of
# USArrests with every result made from it.
plot_objects <- function() {
  fit <- typology(USArrests, k = 3, method = "ward_kmeans", standardize = TRUE, seed = 1,
                  threads = 1, verbose = FALSE)
  fit <- name_types(fit, c("High crime", "Urban middle", "Low crime"))
  st <- stability(fit, B = 12, seed = 1, threads = 1, verbose = FALSE)
  prof <- quiet_chisq(profiles(fit, covariates = data.frame(region = state.region, area = state.area),
                               labels = c(Murder = "Murder arrests", UrbanPop = "Urban population")))
  sil <- silhouette_widths(fit, threads = 1)
  scan <- scan_k(USArrests, k = 2:5, standardize = TRUE, indices = c("wss", "silhouette", "ch"),
                 nstart = 5, seed = 1, threads = 1, verbose = FALSE)
  list(fit = fit, st = st, prof = prof, sil = sil, scan = scan)
}

# Colour (or fill) of every type label in a built plot's layers.
built_type_colours <- function(p, labels) {
  b <- ggplot2::ggplot_build(p)
  out <- list()
  for (sc in b$plot$scales$scales) {
    if (!any(sc$aesthetics %in% c("colour", "fill")) || !inherits(sc, "ScaleDiscrete")) next
    br <- sc$get_breaks()
    if (!all(labels %in% br)) next
    out[[sc$aesthetics[1]]] <- stats::setNames(sc$map(labels), labels)
  }
  out
}
