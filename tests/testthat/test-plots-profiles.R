build_quietly <- function(p) {
  expect_s3_class(p, "ggplot")
  expect_no_warning(b <- ggplot2::ggplot_build(p))
  b
}

test_that("every profile plot builds without warnings", {
  fit <- name_types(as_typology(USArrests, usarrests_partition(3)), c("A", "B", "C"))
  p <- quiet_chisq(profiles(fit, covariates = data.frame(region = state.region, area = state.area),
                labels = c(Murder = "Murder arrests", UrbanPop = "Urban population")))
  b <- build_quietly(autoplot(p))
  expect_equal(nrow(b$data[[3]]), 12)  # points: 3 types x 4 items
  b <- build_quietly(autoplot(p, scale = "mean"))
  b <- build_quietly(autoplot(p, type = "heatmap"))
  expect_equal(nrow(b$data[[1]]), 12)
  build_quietly(autoplot(p, type = "heatmap", scale = "mean"))
  b <- build_quietly(autoplot(p, type = "map"))
  expect_equal(nrow(b$data[[1]]), 50)
  expect_equal(nrow(b$data[[2]]), 3)
  build_quietly(autoplot(p, type = "covariate"))
  build_quietly(autoplot(p, type = "covariate", covariate = "area"))
})

test_that("plots use the codebook's item labels and the type names", {
  fit <- name_types(as_typology(USArrests, usarrests_partition(3)), c("A", "B", "C"))
  p <- profiles(fit, labels = c(Murder = "Murder arrests", UrbanPop = "Urban population"))
  g <- autoplot(p)
  expect_setequal(levels(g$data$item_label),
                  c("Murder arrests", "Assault", "Urban population", "Rape"))
  expect_equal(levels(g$data$type_label), c("A", "B", "C"))
  h <- autoplot(p, type = "heatmap")
  expect_equal(levels(h$data$item_label), rev(c("Murder arrests", "Assault",
                                                "Urban population", "Rape")))
  # the map's centres are the projected type means
  m <- autoplot(p, type = "map")
  pca <- stats::prcomp(USArrests, scale. = TRUE)
  centres <- stats::predict(pca, p$means)[, 1:2]
  expect_equal(m$layers[[2]]$data$pc1, unname(centres[, 1]), tolerance = 1e-10)
})

test_that("the covariate plot shows the row shares", {
  fit <- as_typology(USArrests, usarrests_partition(3))
  p <- quiet_chisq(profiles(fit, covariates = data.frame(region = state.region)))
  g <- autoplot(p, type = "covariate")
  tab <- prop.table(table(fit$cluster, state.region), 1)
  expect_equal(sort(g$data$share), sort(as.vector(tab)))
  expect_snapshot(autoplot(profiles(fit), type = "covariate"), error = TRUE)
  expect_snapshot(autoplot(p, type = "covariate", covariate = "nope"), error = TRUE)
})

test_that("plot() prints the picture", {
  p <- profiles(as_typology(USArrests, usarrests_partition(3)))
  path <- tempfile(fileext = ".pdf")
  grDevices::pdf(path)
  on.exit(grDevices::dev.off())
  expect_invisible(plot(p, type = "heatmap"))
})
