test_that("add_types() round-trips through SPSS and Stata files", {
  skip_if_not_installed("haven")
  x <- USArrests
  x$Rape[c(4, 9)] <- NA
  fit <- name_types(typology(x, k = 3, standardize = TRUE, na_action = "omit", seed = 1),
                    c("Hoch", "Mittel", "Niedrig"))
  out <- add_types(x, fit)
  expect_identical(as.integer(unclass(out$type)), fit$cluster)
  expect_true(all(is.na(out$type[c(4, 9)])))
  expect_identical(attr(out$type, "label"), "Type (k-means, 3 types)")
  for (fmt in c("sav", "dta")) {
    path <- tempfile(fileext = paste0(".", fmt))
    if (fmt == "sav") haven::write_sav(out, path) else haven::write_dta(out, path)
    back <- if (fmt == "sav") haven::read_sav(path) else haven::read_dta(path)
    expect_equal(as.integer(unclass(back$type)), fit$cluster, ignore_attr = TRUE)
    expect_equal(unname(attr(back$type, "labels")), 1:3)
    expect_identical(names(attr(back$type, "labels")), c("Hoch", "Mittel", "Niedrig"))
    expect_true(all(is.na(back$type[c(4, 9)])))
    expect_identical(attr(back$type, "label"), "Type (k-means, 3 types)")
  }
  # distances in the fitted scale: the nearest centre is the type
  d <- as.matrix(out[paste0("type_d", 1:3)])
  ok <- !is.na(fit$cluster)
  expect_identical(max.col(-d[ok, ], ties.method = "first"), fit$cluster[ok])
  z <- scale(x[ok, ], center = fit$settings$center, scale = fit$settings$scale)
  expect_equal(unname(d[ok, 2]), unname(sqrt(rowSums(sweep(z, 2, fit$settings$prototypes[2, ])^2))),
               tolerance = 1e-12)
  expect_error(add_types(x, fit, name = "Murder"), class = "typfrage_error_input")
  expect_error(add_types(x, fit, name = "_x"), class = "typfrage_error_input")
  expect_error(add_types(out, fit), class = "typfrage_error_input")
  expect_identical(add_types(out, fit, overwrite = TRUE)$type, out$type)
})
