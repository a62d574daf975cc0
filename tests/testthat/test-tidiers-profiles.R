test_that("tidy(), glance() and augment() give data frames of the profiles", {
  fit <- name_types(as_typology(USArrests, usarrests_partition(3)), c("A", "B", "C"))
  p <- quiet_chisq(profiles(fit, covariates = data.frame(region = state.region, area = state.area)))
  td <- generics::tidy(p)
  expect_identical(td, p$profile)
  expect_equal(nrow(td), 12)
  expect_identical(generics::tidy(p, what = "items"), p$item_stats)
  tc <- generics::tidy(p, what = "covariates")
  reg <- tc[tc$covariate == "region", ]
  expect_equal(nrow(reg), 3 * 4)
  expect_equal(sum(reg$n), 50)
  expect_equal(reg$residual[reg$type == 1 & reg$category == "South"],
               p$covariates$region$residual["A", "South"])
  ar <- tc[tc$covariate == "area", ]
  expect_equal(ar$mean, p$covariates$area$means$mean)
  gl <- generics::glance(p)
  expect_equal(nrow(gl), 1)
  expect_equal(gl$mean_eta2, mean(p$item_stats$eta2))
  expect_equal(gl$k, 3L)
  au <- generics::augment(p)
  expect_equal(nrow(au), 50)
  expect_equal(au$.type, fit$cluster)
  expect_equal(au$.type_label, c("A", "B", "C")[fit$cluster])
  expect_equal(au$Murder, USArrests$Murder)
  # without covariates the covariate table is empty but well-formed
  expect_equal(nrow(generics::tidy(profiles(fit), what = "covariates")), 0)
})
