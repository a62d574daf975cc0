test_that("name_types() attaches names that prints and tables use", {
  fit <- as_typology(USArrests, usarrests_partition(4))
  nm <- c("Bed\u00e4chtige", "Optimierer", "Serviceorientierte", "Community Manager")
  named <- name_types(fit, nm)
  expect_equal(named$type_names, nm)
  expect_equal(type_labels(named), nm)
  expect_equal(type_labels(fit), paste("Type", 1:4))
  p <- profiles(named)
  expect_equal(rownames(p$means), nm)
  expect_equal(unique(p$profile$type_label), nm)
  # on a profiles object too, and NULL removes them
  pn <- name_types(quiet_chisq(profiles(fit, covariates = data.frame(r = state.region, a = state.area))), nm)
  expect_equal(type_labels(pn), nm)
  expect_equal(unique(pn$profile$type_label), nm)
  expect_equal(rownames(pn$d), nm)
  expect_equal(rownames(pn$covariates$r$residual), nm)
  expect_equal(pn$covariates$a$means$type_label, nm)
  expect_null(name_types(named, NULL)$type_names)
})

test_that("bad names get classed errors", {
  fit <- as_typology(USArrests, usarrests_partition(4))
  expect_snapshot(name_types(fit, c("a", "b")), error = TRUE)
  expect_snapshot(name_types(fit, c("a", "b", "a", "c")), error = TRUE)
  expect_snapshot(name_types(fit, c("a", "b", NA, "")), error = TRUE)
  expect_snapshot(name_types(fit, 1:4), error = TRUE)
  expect_snapshot(name_types(list(k = 4), letters[1:4]), error = TRUE)
  expect_error(name_types(fit, c("a", "a", "b", "c")), class = "typfrage_error_names")
  expect_error(name_types(fit, "a"), class = "typfrage_error_input")
})

test_that("suggest_names() takes each type's top item, without duplicates", {
  fit <- as_typology(USArrests, usarrests_partition(3))
  p <- profiles(fit)
  labs <- c(Murder = "Mord", Assault = "K\u00f6rperverletzung",
            UrbanPop = "Stadtbev\u00f6lkerung", Rape = "Vergewaltigung")
  s <- suggest_names(fit, labs)
  expect_length(s, 3)
  expect_false(anyDuplicated(s) > 0)
  basis <- attr(s, "basis")
  top1 <- colnames(p$d)[which.max(p$d[1, ])]
  expect_equal(basis$item[1], top1)
  expect_equal(s[1], unname(labs[top1]))
  expect_equal(basis$d, p$d[cbind(1:3, match(basis$item, colnames(p$d)))])
  # the suggestions are valid names
  expect_equal(name_types(fit, as.vector(s))$type_names, as.vector(s))
  # from a profiles object, and without labels
  expect_equal(as.vector(suggest_names(p)), basis$item)
})
