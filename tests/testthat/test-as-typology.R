test_that("as_typology() of a typology() fit reproduces its profiles exactly", {
  fit <- typology(USArrests, k = 3, standardize = TRUE, seed = 1)
  ex <- as_typology(USArrests, fit$cluster, standardize = TRUE)
  expect_identical(profiles(ex), profiles(fit))
  covs <- data.frame(region = state.region, area = state.area)
  expect_identical(quiet_chisq(profiles(ex, covariates = covs)), quiet_chisq(profiles(fit, covariates = covs)))
  expect_identical(ex$cluster, fit$cluster)
  expect_identical(ex$centers, fit$centers)
  expect_identical(ex$size, fit$size)
  expect_equal(ex$withinss, fit$withinss, tolerance = 1e-10)
  expect_equal(ex$tot_withinss, fit$tot_withinss, tolerance = 1e-10)
  expect_equal(ex$totss, fit$totss, tolerance = 1e-10)

  # with weights
  w <- rep(c(0.5, 1, 2), length.out = 50)
  fw <- typology(USArrests, k = 4, weights = w, seed = 2)
  ew <- as_typology(USArrests, fw$cluster, weights = w)
  expect_identical(profiles(ew), profiles(fw))
  expect_identical(ew$weighted_size, fw$weighted_size)
  expect_identical(ew$centers, fw$centers)
  expect_equal(ew$tot_withinss, fw$tot_withinss, tolerance = 1e-10)

  # with rows dropped for missing items, weighted
  x <- USArrests
  x$Rape[c(3, 17, 40)] <- NA
  fn <- typology(x, k = 3, weights = w, na_action = "omit", seed = 3)
  en <- as_typology(x, fn$cluster, weights = w)
  expect_identical(en$rows, fn$rows)
  expect_identical(en$cluster, fn$cluster)
  expect_identical(profiles(en), profiles(fn))
  expect_identical(quiet_chisq(profiles(en, covariates = covs)), quiet_chisq(profiles(fn, covariates = covs)))
})

test_that("rows without a type or with missing items are not used", {
  x <- as.matrix(USArrests)
  set.seed(1)
  g <- stats::kmeans(scale(x), 3, nstart = 5)$cluster
  g[c(5, 20)] <- NA
  x[7, "Murder"] <- NA
  fit <- as_typology(x, g)
  keep <- setdiff(1:50, c(5, 7, 20))
  expect_identical(fit$rows, keep)
  expect_true(all(is.na(fit$cluster[c(5, 7, 20)])))
  ref <- as_typology(x[keep, ], g[keep])
  expect_identical(fit$cluster[keep], ref$cluster)
  expect_identical(profiles(fit)$profile, profiles(ref)$profile)
  # centres are the type means, by hand
  for (t in 1:3) {
    expect_equal(unname(fit$centers[t, ]),
                 unname(colMeans(x[which(fit$cluster == t), , drop = FALSE])),
                 tolerance = 1e-12)
  }
})

test_that("types are renumbered by size and their names follow", {
  d <- data.frame(a = c(1, 2, 3, 4, 5, 6, 7, 8), b = c(2, 2, 3, 3, 4, 4, 5, 9))
  # factor: levels in another order than the sizes
  g <- factor(c("small", "big", "big", "mid", "big", "mid", "big", "mid"),
              levels = c("small", "mid", "big", "unused"))
  fit <- as_typology(d, g)
  expect_identical(fit$cluster, c(3L, 1L, 1L, 2L, 1L, 2L, 1L, 2L))
  expect_identical(fit$type_names, c("big", "mid", "small"))
  expect_identical(fit$size, c(4L, 3L, 1L))
  expect_identical(type_labels(fit), c("big", "mid", "small"))
  # character: the same; ties by first appearance
  ch <- c("x", "y", "y", "x", "z", "z", "w", "w")
  fc <- as_typology(d, ch)
  expect_identical(fc$type_names, c("x", "y", "z", "w"))
  expect_identical(fc$cluster, c(1L, 2L, 2L, 1L, 3L, 3L, 4L, 4L))
  # integers: no names; with weights the largest total weight is type 1
  fi <- as_typology(d, c(7, 7, 7, 2, 2, 9, 9, 9), weights = c(1, 1, 1, 5, 5, 1, 1, 1))
  expect_null(fi$type_names)
  expect_identical(fi$cluster, c(2L, 2L, 2L, 1L, 1L, 3L, 3L, 3L))
  expect_equal(fi$weighted_size, c(10, 3, 3))
  # type_names in the order of the labels, renumbered with them
  fn <- as_typology(d, c(7, 7, 7, 2, 2, 9, 9, 9, 9)[1:8],
                    type_names = c("two", "seven", "nine"))
  expect_identical(fn$cluster, c(1L, 1L, 1L, 3L, 3L, 2L, 2L, 2L))
  expect_identical(fn$type_names, c("seven", "nine", "two"))
  expect_identical(type_labels(fn)[fn$cluster[4]], "two")
  # a column of the data; the default items leave it out
  d$grp <- g
  fd <- as_typology(d, "grp")
  expect_identical(fd$cluster, fit$cluster)
  expect_identical(colnames(fd$data), c("a", "b"))
  expect_identical(fd$type_names, fit$type_names)
})

test_that("haven-labelled types give their value labels, user-missing values are NA", {
  skip_if_not_installed("haven")
  d <- data.frame(a = c(1, 2, 3, 4, 5, 6, 7, 8), b = c(2, 2, 3, 3, 4, 4, 5, 9))
  g <- haven::labelled_spss(c(1, 2, 2, 3, 2, 3, 99, 1),
                            labels = c(Optimierer = 1, Bedaechtige = 2, Skeptiker = 3,
                                       "keine Angabe" = 99),
                            na_values = 99)
  fit <- as_typology(d, g)
  expect_true(is.na(fit$cluster[7]))
  expect_identical(fit$rows, c(1:6, 8L))
  expect_identical(fit$type_names, c("Bedaechtige", "Optimierer", "Skeptiker"))
  expect_identical(fit$cluster, c(2L, 1L, 1L, 3L, 1L, 3L, NA, 2L))
  # a value without a label is named by its code
  g2 <- haven::labelled(c(1, 2, 2, 3, 2, 3, 3, 1), labels = c(Optimierer = 1, Skeptiker = 3))
  expect_identical(as_typology(d, g2)$type_names, c("2", "Skeptiker", "Optimierer"))
  # labels from the data's column
  d$typ <- g
  expect_identical(as_typology(d, "typ")$type_names, fit$type_names)
})

test_that("the object follows the typology contract and prints as made elsewhere", {
  set.seed(1)
  g <- stats::kmeans(scale(USArrests), 3, nstart = 5)$cluster
  fit <- as_typology(USArrests, g)
  expect_s3_class(fit, "typology")
  expect_identical(fit$method, "external")
  expect_identical(fit$k, 3L)
  expect_true("seed" %in% names(fit))
  expect_null(fit$seed)
  expect_null(fit$settings$prototypes)
  expect_null(fit$settings$refit)
  expect_identical(fit$settings$method, "external")
  expect_identical(fit$settings$distance, "euclidean")
  expect_identical(fit$settings$k, 3L)
  expect_identical(fit$data, {
    m <- as.matrix(USArrests); storage.mode(m) <- "double"; dimnames(m) <- list(NULL, names(USArrests)); m
  })
  # within-type sums of squares by hand (original units, standardize = FALSE)
  wss <- vapply(1:3, function(t) {
    z <- as.matrix(USArrests[fit$cluster == t, ])
    sum(sweep(z, 2, colMeans(z))^2)
  }, numeric(1))
  expect_equal(fit$withinss, wss, tolerance = 1e-10)
  gl <- generics::glance(fit)
  expect_equal(gl$tot_withinss, sum(wss), tolerance = 1e-10)
  expect_equal(gl$objective, sum(wss), tolerance = 1e-10)
  expect_equal(gl$totss, sum(scale(USArrests, scale = FALSE)^2), tolerance = 1e-10)
  expect_true(is.na(gl$nstart))
  expect_snapshot(print(fit))
  expect_snapshot(summary(fit))
  expect_output(print(fit), "partition made elsewhere")
})

test_that("every describing verb works on a partition made elsewhere", {
  set.seed(1)
  g <- stats::kmeans(scale(USArrests), 3, nstart = 5)$cluster
  g[4] <- NA
  fit <- as_typology(USArrests, g, standardize = TRUE)
  covs <- data.frame(region = state.region)
  p <- quiet_chisq(profiles(fit, covariates = covs))
  expect_equal(p$n, 49)
  s <- steckbrief(fit, covariates = covs, data = USArrests)
  expect_length(s$cards, 3)
  expect_match(format(s), "Most typical member", all = FALSE)
  named <- name_types(fit, suggest_names(fit))
  expect_identical(type_labels(named), as.vector(suggest_names(fit)))
  expect_equal(agreement(fit$cluster[-4], g[-4])$ari, 1)
  expect_equal(match_labels(g[-4], fit$cluster[-4]), fit$cluster[-4], ignore_attr = TRUE)
  td <- generics::tidy(named)
  expect_identical(td$label, type_labels(named))
  expect_equal(td$size, tabulate(fit$cluster))
  au <- generics::augment(named, data = USArrests)
  expect_identical(levels(au$.cluster), type_labels(named))
  expect_identical(as.integer(au$.cluster), fit$cluster)
  expect_true(is.na(au$.cluster[4]))
  sm <- summary(fit)
  expect_s3_class(sm, "summary.typology")
  expect_output(print(sm), "within-type sum of squares")
  expect_no_warning(ggplot2::ggplot_build(autoplot(fit)))
  expect_no_warning(ggplot2::ggplot_build(autoplot(fit, type = "heatmap")))
  expect_s3_class(as.data.frame(fit), "data.frame")
  expect_identical(fitted(fit), fit$cluster)
})

test_that("predict() refuses, stability() refits only a named method", {
  fit <- typology(USArrests, k = 3, standardize = TRUE, seed = 1)
  ex <- as_typology(USArrests, fit$cluster, standardize = TRUE)
  expect_error(predict(ex, USArrests), class = "typfrage_error_input")
  expect_error(predict(ex), class = "typfrage_error_input")
  expect_snapshot(predict(ex, USArrests), error = TRUE)
  expect_error(stability(ex, B = 5, threads = 1), class = "typfrage_error_input")
  expect_snapshot(stability(ex, B = 5, threads = 1), error = TRUE)
  # with the method that made it, stability() is that of the fit
  ek <- as_typology(USArrests, fit$cluster, method = "kmeans", standardize = TRUE)
  expect_identical(ek$settings$refit, "kmeans")
  expect_identical(ek$settings$nstart, 25L)
  s1 <- stability(ek, B = 10, seed = 1, threads = 1)
  s0 <- stability(fit, B = 10, seed = 1, threads = 1)
  expect_identical(s1$jaccard, s0$jaccard)
  expect_identical(s1$ari, s0$ari)
  expect_identical(s1$means, s0$means)
  expect_identical(s1$method, "kmeans")
  # PAM as the refit; a latent class refit needs the codes of a typology(method = "lca")
  ep <- as_typology(USArrests, fit$cluster, method = "pam", standardize = TRUE)
  sp <- stability(ep, B = 5, seed = 1, threads = 1)
  expect_identical(sp$method, "pam")
  el <- as_typology(USArrests, fit$cluster, method = "lca")
  expect_error(stability(el, B = 5, threads = 1), class = "typfrage_error_input")
})

test_that("bad input to as_typology() gets classed errors", {
  x <- USArrests
  g <- rep(1:2, 25)
  expect_snapshot(as_typology(x, g[-1]), error = TRUE)
  expect_snapshot(as_typology(x, rep(NA, 50)), error = TRUE)
  expect_snapshot(as_typology(x, "nope"), error = TRUE)
  expect_snapshot(as_typology(x, list(g)), error = TRUE)
  expect_snapshot(as_typology(list(1, 2), g), error = TRUE)
  expect_snapshot(as_typology(x, g, method = "bogus"), error = TRUE)
  expect_snapshot(as_typology(x, g, type_names = c("a", "b", "c")), error = TRUE)
  expect_snapshot(as_typology(x, g, type_names = c("a", "a")), error = TRUE)
  expect_snapshot(as_typology(x, g, nstart = 5), error = TRUE)
  expect_snapshot(as_typology(x, g, bogus = 1), error = TRUE)
  d <- x
  d$grp <- g
  expect_snapshot(as_typology(d, "grp", items = c("Murder", "grp")), error = TRUE)
  for (bad in list(quote(as_typology(x, g[-1])), quote(as_typology(x, rep(NA, 50))),
                   quote(as_typology(x, "nope")), quote(as_typology(x, g, weights = -g)),
                   quote(as_typology(x, g, method = "bogus")),
                   quote(as_typology(x, g, bogus = 1)),
                   quote(as_typology(x, g, items = 7)))) {
    expect_error(eval(bad), class = "typfrage_error_input")
  }
  # one type is a (degenerate) typology, as typology(k = 1)
  one <- as_typology(x, rep("all", 50))
  expect_identical(one$k, 1L)
  expect_identical(one$type_names, "all")
})

test_that("as_typology() selects items with tidyselect, as typology() does", {
  fit <- typology(kommunen, k = 4, items = starts_with("goal_"), seed = 1)
  a <- as_typology(kommunen, fit$cluster, items = starts_with("goal_"))
  b <- as_typology(kommunen, fit$cluster, items = kommunen_items$variable)
  expect_identical(a$centers, b$centers)
  expect_equal(unname(a$centers), unname(fit$centers))
})
