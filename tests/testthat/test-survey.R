# Survey data in and out (issue #18): declared missing values, labels,
# tidyselect, weights by name, zero weights, predict() for questionnaires.

test_that("declared missing codes are missing: read with and without user_na give the same typology", {
  skip_if_not_installed("haven")
  d <- spss_like_kommunen()
  path <- tempfile(fileext = ".sav")
  haven::write_sav(d, path)
  with_codes <- haven::read_sav(path, user_na = TRUE)
  without <- haven::read_sav(path)
  expect_s3_class(with_codes$f3_02, "haven_labelled_spss")
  f1 <- typology(with_codes, k = 4, items = starts_with("f3_"), na_action = "omit", seed = 1)
  f2 <- typology(without, k = 4, items = starts_with("f3_"), na_action = "omit", seed = 1)
  expect_identical(f1$cluster, f2$cluster)
  expect_equal(f1$centers, f2$centers)
  expect_true(all(f1$centers <= 5))  # no type centred on the code 9
  # a wrong implementation that clusters the 9s keeps every row
  n_miss <- sum(rowSums(sapply(with_codes[grep("^f3_", names(with_codes))],
                               function(v) unclass(v) == 9 | is.na(v))) > 0)
  expect_equal(sum(is.na(f1$cluster)), n_miss)
  expect_equal(sum(f1$missing$declared), sum(sapply(d[grep("^f3_", names(d))], function(v) sum(unclass(v) == 9, na.rm = TRUE))))
  expect_equal(sum(f1$missing$system), 2)
  expect_equal(sum(f2$missing$declared), 0)  # haven made them NA already
  out <- capture.output(print(f1))
  expect_true(any(grepl("declared missing by the data", out)))
  expect_true(any(grepl("dropped", out)))
})

test_that("declared missing codes are missing in LCA, covariates and weights", {
  skip_if_not_installed("haven")
  d <- spss_like_kommunen()
  lc <- suppressWarnings(typology(d, k = 2, method = "lca", items = starts_with("f3_"),
                                  nstart = 2, seed = 1, lca_model = "categorical"))
  expect_equal(unname(lc$settings$ncat), rep(5L, 12))  # not 9 categories
  cov <- d["art"]
  cov$art[1:3] <- 99
  attr(cov$art, "na_values") <- 99
  fit <- typology(d, k = 4, items = starts_with("f3_"), na_action = "omit", seed = 1)
  p <- profiles(fit, covariates = cov)
  expect_false("99" %in% colnames(p$covariates$art$table))
  expect_true(all(colnames(p$covariates$art$table) %in% levels(kommunen$kind)))
})

test_that("variable labels travel into profiles, codebook() returns them, a codebook overrides", {
  skip_if_not_installed("haven")
  d <- spss_like_kommunen()
  fit <- typology(d, k = 4, items = starts_with("f3_"), na_action = "omit", seed = 1)
  p <- profiles(fit, data = d, covariates = art)
  expect_equal(unname(p$labels[fit$settings$items]), kommunen_items$label_de)
  expect_equal(unname(p$labels["art"]), "Art der Kommune")
  cb <- codebook(fit)
  expect_equal(cb$label, kommunen_items$label_de)
  expect_match(cb$values[1], "1 = gar nicht wichtig")
  expect_false(grepl("keine Angabe", cb$values[1]))  # declared missing, not a scale point
  cbd <- codebook(d)
  expect_equal(cbd$missing[cbd$variable == "f3_01"], "9")
  # the obvious codebook: sapply(d, attr, "label"), a list with NULLs
  lab <- sapply(d, attr, "label")
  lab$f3_02 <- "Eigenes Label"
  p2 <- profiles(fit, labels = lab)
  expect_equal(unname(p2$labels["f3_02"]), "Eigenes Label")
  expect_equal(unname(p2$labels["f3_03"]), kommunen_items$label_de[3])
})

test_that("items, weights and covariates are selected as in the tidyverse", {
  its <- kommunen_items$variable
  ref <- typology(kommunen, k = 4, items = its, seed = 1)
  expect_identical(typology(kommunen, k = 4, items = starts_with("goal_"), seed = 1)$cluster, ref$cluster)
  expect_identical(typology(kommunen, k = 4, items = tidyselect::all_of(its), seed = 1)$cluster, ref$cluster)
  expect_identical(typology(kommunen, k = 4, items = c(goal_legal:goal_participation), seed = 1)$cluster,
                   ref$cluster)
  d <- kommunen[c(its, "kind")]
  d$w <- rep(c(1, 2), length.out = nrow(d))
  fw <- typology(d, k = 4, items = starts_with("goal_"), weights = w, seed = 1)
  expect_equal(fw$weights, d$w)
  expect_identical(typology(d, k = 4, items = starts_with("goal_"), weights = "w", seed = 1)$cluster,
                   fw$cluster)
  expect_identical(typology(d, k = 4, items = starts_with("goal_"), weights = d$w, seed = 1)$cluster,
                   fw$cluster)
  # a weight column named by the user is not an item when items = NULL
  d2 <- d[c(its, "w")]
  expect_equal(colnames(typology(d2, k = 4, weights = w, seed = 1)$data), its)
  p1 <- profiles(ref, data = kommunen, covariates = c(kind, strategy))
  p2 <- profiles(ref, covariates = kommunen[c("kind", "strategy")])
  expect_equal(p1$covariates, p2$covariates)
  expect_error(typology(kommunen, k = 4, items = c("goal_legal", "goal_fundng")),
               class = "typfrage_error_input", regexp = "goal_funding")
  expect_error(typology(kommunen, k = 4, items = starts_with("nothing")), class = "typfrage_error_input")
  expect_error(typology(d, k = 4, items = starts_with("goal_"), weights = "ww"),
               class = "typfrage_error_input", regexp = "w")
})

test_that("a weight of 0 excludes a row, and says so", {
  w <- rep(1, 50)
  w[c(3, 7)] <- 0
  expect_message(f <- typology(USArrests, k = 3, standardize = TRUE, weights = w, seed = 1),
                 class = "typfrage_message_zero_weights")
  ref <- typology(USArrests[-c(3, 7), ], k = 3, standardize = TRUE, seed = 1)
  expect_true(all(is.na(f$cluster[c(3, 7)])))
  expect_equal(agreement(f$cluster[-c(3, 7)], ref$cluster)$ari, 1)
  expect_equal(f$missing$zero_weight, 2)
  expect_true(any(grepl("weight 0", capture.output(print(f)))))
  expect_error(typology(USArrests, k = 3, weights = rep(0, 50)), class = "typfrage_error_input")
  expect_error(typology(USArrests, k = 3, weights = c(-1, rep(1, 49))), class = "typfrage_error_input")
})

test_that("duplicated, empty or constant items are refused", {
  x <- as.data.frame(matrix(sample(1:5, 300, TRUE), 100, 3))
  names(x) <- c("a", "a", "b")
  expect_error(typology(x, k = 2), class = "typfrage_error_input", regexp = "distinct")
  names(x) <- c("a", "", "b")
  expect_error(typology(x, k = 2), class = "typfrage_error_input", regexp = "name")
  for (v in c(0.1, 1, 3, 7)) {
    y <- data.frame(a = rnorm(30), b = v)
    expect_error(typology(y, k = 2, standardize = TRUE), class = "typfrage_error_input",
                 regexp = "constant")
  }
})

test_that("predict() on the training data returns the fitted types for every method", {
  set.seed(3)
  lik <- matrix(sample(1:5, 600 * 5, TRUE), 600, 5)  # Likert ties
  for (m in c("kmeans", "pam", "ward", "ward_kmeans")) {
    for (dat in list(lik, scale(USArrests))) {
      f <- typology(dat, k = 5, method = m, seed = 1)
      expect_identical(predict(f, dat), f$cluster, label = m)
    }
  }
  f <- typology(lik, k = 5, method = "pam", distance = "manhattan", seed = 1)
  expect_identical(predict(f, lik), f$cluster)
})

test_that("predict() on psych::bfi (Likert ties) returns the fitted types for every method", {
  skip_if_not_installed("psych")
  e <- new.env()
  utils::data("bfi", package = "psych", envir = e)
  bfi <- e$bfi
  items <- c("A1", "A2", "A3", "A4", "A5")
  x <- stats::na.omit(bfi[, items])
  x <- x[seq_len(600), ]
  for (m in c("kmeans", "pam", "ward", "ward_kmeans")) {
    f <- typology(x, k = 8, method = m, seed = 1, threads = 1)
    expect_identical(predict(f, x), f$cluster, label = m)
  }
  f <- typology(x, k = 8, method = "pam", distance = "manhattan", seed = 1, threads = 1)
  expect_identical(predict(f, x), f$cluster, label = "pam, manhattan")
  f <- typology(x, k = 3, method = "lca", lca_model = "categorical", nstart = 3, seed = 1,
                threads = 1)
  expect_identical(predict(f, x), f$cluster, label = "lca")
})

test_that("predict() gives names, memberships and distances", {
  f <- typology(USArrests, k = 3, standardize = TRUE, seed = 1)
  f <- name_types(f, c("A", "B", "C"))
  nm <- predict(f, USArrests, type = "name")
  expect_s3_class(nm, "factor")
  expect_equal(levels(nm), c("A", "B", "C"))
  expect_equal(as.integer(nm), f$cluster)
  d <- predict(f, USArrests, type = "distance")
  x <- scale(USArrests)
  ref <- sqrt(outer(rowSums(x^2), rowSums(f$settings$prototypes^2), "+") - 2 * x %*% t(f$settings$prototypes))
  expect_equal(unname(d), unname(ref), tolerance = 1e-8)
  expect_equal(max.col(-d), f$cluster)
  u <- predict(f, USArrests, type = "prob")
  expect_equal(rowSums(u), rep(1, 50))
  expect_equal(unname(u[1, ]), unname((1 / d[1, ]^2) / sum(1 / d[1, ]^2)))
  expect_equal(max.col(u), f$cluster)
})

test_that("predict() refuses answers outside the scale and handles partial answers", {
  f <- typology(kommunen, k = 4, items = kommunen_items$variable, seed = 1)
  new <- kommunen[1:3, kommunen_items$variable]
  new$goal_legal[2] <- 7
  expect_error(predict(f, new), class = "typfrage_error_range", regexp = "goal_legal")
  expect_type(predict(f, new, out_of_range = "allow"), "integer")
  one <- kommunen[1:4, kommunen_items$variable]
  one$goal_funding[1] <- NA
  expect_warning(p <- predict(f, one), class = "typfrage_warning_missing")
  expect_true(is.na(p[1]))
  pa <- predict(f, one, na_action = "available")
  expect_false(anyNA(pa))
  expect_equal(attr(pa, "items_used"), c(11L, 12L, 12L, 12L))
  # the partial assignment is the nearest centre on the answered items
  proto <- f$settings$prototypes[, -2]
  expect_equal(pa[[1]], unname(which.min(colSums((t(proto) - unlist(one[1, -2]))^2))))
  expect_error(predict(f, one, na_action = "fail"), class = "typfrage_error_missing")
  fac <- kommunen[1:3, kommunen_items$variable]
  fac$goal_legal <- factor(fac$goal_legal)
  expect_error(predict(f, fac), class = "typfrage_error_input")
})

test_that("na_action = 'available' keeps incomplete rows for k-means", {
  set.seed(4)
  its <- kommunen_items$variable
  d <- kommunen[its]
  m <- matrix(stats::runif(nrow(d) * length(its)) < 0.03, nrow(d))
  d[m] <- NA  # 3 % missing completely at random per item
  full <- typology(kommunen, k = 4, items = its, seed = 1)
  av <- typology(d, k = 4, na_action = "available", seed = 1)
  om <- typology(d, k = 4, na_action = "omit", seed = 1)
  expect_false(anyNA(av$cluster))
  expect_lt(sum(!is.na(om$cluster)), 0.8 * nrow(d))
  expect_gt(agreement(av$cluster, full$cluster)$ari, 0.9)
  expect_true(av$starts$converged)
  # a fixed point: every row nearest its centre on the answered items, and
  # the centres are the means of the observed values
  expect_identical(predict(av, d, na_action = "available")[seq_len(nrow(d))], av$cluster)
  obs_mean <- t(sapply(1:4, function(t) colMeans(d[av$cluster == t, ], na.rm = TRUE)))
  expect_equal(unname(av$centers), unname(obs_mean))
  expect_error(typology(d, k = 4, method = "pam", na_action = "available"), class = "typfrage_error_input")
  expect_error(typology(d, k = 4), class = "typfrage_error_missing", regexp = "available")
})

test_that("the README's SPSS round trip: read, fit, describe, write back, read back", {
  skip_if_not_installed("haven")
  path <- tempfile(fileext = ".sav")
  src <- spss_like_kommunen()
  src$land <- haven::labelled_spss(as.integer(kommunen$state),
                                   labels = stats::setNames(seq_along(levels(kommunen$state)), levels(kommunen$state)),
                                   label = "Bundesland")
  src$gewicht[c(4, 8)] <- 0
  haven::write_sav(src, path)
  out <- tempfile(fileext = ".sav")
  # the README's lines
  d   <- haven::read_sav(path, user_na = TRUE)
  fit <- suppressMessages(typology(d, k = 4, items = starts_with("f3_"), weights = gewicht, na_action = "available", seed = 1))
  fit <- name_types(fit, c("Bed\u00e4chtige", "Optimierer", "Serviceorientierte", "Community Manager"))
  sb  <- steckbrief(fit, data = d, covariates = c(art, land))
  haven::write_sav(add_types(d, fit), out)
  # what came back
  back <- haven::read_sav(out, user_na = TRUE)
  expect_equal(nrow(back), nrow(d))
  expect_equal(as.vector(unclass(back$type)), fit$cluster)
  expect_true(all(is.na(back$type[c(4, 8)])))  # excluded by weight 0
  expect_equal(unname(attr(back$type, "labels")), 1:4)
  expect_equal(names(attr(back$type, "labels")), fit$type_names)
  expect_equal(sum(!is.na(back$type)), nrow(d) - 2)
  # the Steckbrief speaks the file's German item labels
  txt <- paste(format(sb), collapse = "\n")
  expect_true(any(vapply(kommunen_items$label_de, grepl, logical(1), x = txt, fixed = TRUE)))
  expect_false(grepl("f3_0", txt))
  # the declared code 9 never became a centre value or a category
  expect_true(all(fit$centers <= 5))
  # original columns unchanged
  expect_equal(unclass(back$f3_03), unclass(d$f3_03), ignore_attr = TRUE)
})

test_that("augment() gives type names; add_types() writes SPSS and Stata files", {
  skip_if_not_installed("haven")
  x <- USArrests
  x$Murder[c(2, 9)] <- NA
  fit <- typology(x, k = 3, standardize = TRUE, na_action = "omit", seed = 1)
  fit <- name_types(fit, c("Hoch", "Mittel", "Niedrig"))
  au <- augment(fit, x)
  expect_equal(levels(au$.cluster), c("Hoch", "Mittel", "Niedrig"))
  expect_equal(as.integer(au$.cluster), fit$cluster)
  out <- add_types(x, fit, name = "typ")
  expect_equal(names(out), c(names(x), "typ", paste0("typ_d", 1:3)))
  expect_equal(unclass(out$typ_d2)[1:3], unname(predict(fit, x[1:3, ], type = "distance")[, 2]),
               ignore_attr = TRUE)
  for (ext in c("sav", "dta")) {
    path <- tempfile(fileext = paste0(".", ext))
    if (ext == "sav") haven::write_sav(out, path) else haven::write_dta(out, path)
    back <- if (ext == "sav") haven::read_sav(path) else haven::read_dta(path)
    expect_equal(as.vector(unclass(back$typ)), fit$cluster)
    expect_equal(names(attr(back$typ, "labels")), c("Hoch", "Mittel", "Niedrig"))
    expect_true(all(is.na(back$typ[c(2, 9)])))
    expect_equal(attr(back$typ_d1, "label"), "Distance to the centre of type 1 (Hoch)")
  }
  lc <- suppressWarnings(typology(as.data.frame(lapply(USArrests, function(v) cut(v, 3, labels = FALSE))),
                                  k = 2, method = "lca", nstart = 2, seed = 1))
  ol <- add_types(USArrests, lc)
  expect_equal(cbind(ol$type_p1, ol$type_p2), unname(lc$posterior), ignore_attr = TRUE)
  expect_error(add_types(x, fit, name = "1typ"), class = "typfrage_error_input")
  expect_error(add_types(out, fit, name = "typ"), class = "typfrage_error_input")
  expect_s3_class(add_types(out, fit, name = "typ", overwrite = TRUE)$typ, "haven_labelled")
  expect_error(add_types(x[1:5, ], fit), class = "typfrage_error_input")
})
