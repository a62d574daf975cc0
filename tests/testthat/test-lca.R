# Latent class analysis (R/lca.R, inst/include/typfrage/lca.hpp).

# Data from a latent class model: shares (k), probs (list of k x K_j matrices).
sim_lca <- function(n, shares, probs) {
  cl <- sample.int(length(shares), n, replace = TRUE, prob = shares)
  x <- vapply(probs, function(P) {
    u <- stats::runif(n)
    cum <- t(apply(P, 1, cumsum))
    as.integer(pmin(rowSums(u > cum[cl, , drop = FALSE]) + 1, ncol(P)))
  }, integer(n))
  colnames(x) <- paste0("q", seq_along(probs))
  list(x = as.data.frame(x), class = cl)
}

# Adjacent-category (ordinal) response probabilities: locations k x p.
ordinal_probs <- function(loc, K) {
  b <- -0.15 * (seq_len(K) - 1 - (K - 1) / 2)^2
  lapply(seq_len(ncol(loc)), function(j) {
    t(vapply(loc[, j], function(th) {
      e <- exp(b + th * (seq_len(K) - 1))
      e / sum(e)
    }, numeric(K)))
  })
}

random_start <- function(k, ncat) {
  lapply(ncat, function(K) {
    m <- matrix(stats::runif(k * K), k, K)
    m / rowSums(m)
  })
}

polca_formula <- function(df) {
  stats::as.formula(paste0("cbind(", paste(names(df), collapse = ", "), ") ~ 1"))
}

# Log-likelihood by hand, with missing items dropping out.
loglik_by_hand <- function(x, shares, probs, w = rep(1, nrow(x))) {
  x <- as.matrix(x)
  ll <- 0
  for (i in seq_len(nrow(x))) {
    lik <- log(shares)
    for (j in seq_len(ncol(x))) {
      if (!is.na(x[i, j])) lik <- lik + log(probs[[j]][, x[i, j]])
    }
    ll <- ll + w[i] * (max(lik) + log(sum(exp(lik - max(lik)))))
  }
  ll
}

test_data <- local({
  set.seed(20)
  loc <- rbind(rep(c(1, -1), 4), rep(c(-1, 1), 4), rep(0, 8))
  sim_lca(400, c(0.45, 0.35, 0.2), ordinal_probs(loc, 4))
})

test_that("the categorical model equals poLCA from the same start", {
  skip_if_not_installed("poLCA")
  df <- test_data$x
  prep <- lca_items(df)
  set.seed(3)
  st <- random_start(3, prep$ncat)
  fit <- lca_fit(prep, 3, "categorical", nstart = 1, start = st, tol = 1e-13,
                 maxiter = 5000)
  ref <- poLCA::poLCA(polca_formula(df), df, nclass = 3, probs.start = st,
                      tol = 1e-13 * nrow(df), maxiter = 5000, verbose = FALSE,
                      calc.se = FALSE)
  expect_true(fit$converged)
  expect_lt(ref$numiter, 5000)
  expect_equal(fit$loglik, ref$llik, tolerance = 1e-6 / abs(ref$llik))
  expect_equal(fit$npar, ref$npar)
  expect_equal(fit$aic, ref$aic, tolerance = 1e-9)
  expect_equal(fit$bic, ref$bic, tolerance = 1e-9)
  # label matching: our class -> poLCA class
  m <- match_labels(fit$cluster, ref$predclass)
  map <- attr(m, "mapping")
  to <- map$to[order(map$from)]
  expect_setequal(to, 1:3)
  expect_equal(unname(fit$shares), ref$P[to], tolerance = 1e-5)
  for (j in seq_along(df)) {
    expect_equal(unname(unclass(fit$probs[[j]])), unname(ref$probs[[j]][to, ]),
                 tolerance = 1e-5)
  }
  expect_equal(unname(fit$posterior), unname(ref$posterior[, to]), tolerance = 1e-5)
})

test_that("the best of several starts is at least poLCA's best", {
  skip_if_not_installed("poLCA")
  df <- test_data$x
  prep <- lca_items(df)
  fit <- lca_fit(prep, 3, "categorical", nstart = 8, seed = 11, threads = 2)
  set.seed(5)
  ref <- poLCA::poLCA(polca_formula(df), df, nclass = 3, nrep = 3, verbose = FALSE,
                      calc.se = FALSE)
  expect_gte(fit$loglik, ref$llik - 1e-6)
  expect_equal(nrow(fit$starts), 8)
  expect_equal(fit$loglik, max(fit$starts$loglik), tolerance = 1e-9)
})

test_that("one class: closed-form estimates and log-likelihood", {
  df <- data.frame(a = c(1, 2, 2, 3, 3, 3), b = c(1, 1, 2, 2, 2, NA))
  prep <- lca_items(df)
  fit <- lca_fit(prep, 1, "categorical", nstart = 1, seed = 1)
  pa <- c(1, 2, 3) / 6
  pb <- c(2, 3) / 5
  expect_equal(unname(fit$probs$a[1, ]), pa)
  expect_equal(unname(fit$probs$b[1, ]), pb)
  expect_equal(fit$loglik, sum(c(1, 2, 3) * log(pa)) + sum(c(2, 3) * log(pb)))
  expect_equal(fit$npar, 2 + 1)
  expect_equal(fit$bic, -2 * fit$loglik + log(6) * 3)
  expect_equal(fit$abic, -2 * fit$loglik + log(8 / 24) * 3)
  expect_true(is.nan(fit$entropy))
  # the ordinal model with one class is the same model
  fo <- lca_fit(prep, 1, "ordinal", nstart = 1, seed = 1)
  expect_equal(fo$loglik, fit$loglik, tolerance = 1e-8)
  expect_equal(fo$npar, fit$npar)
})

test_that("missing responses drop out; weights multiply the likelihood terms", {
  set.seed(8)
  m <- as.matrix(test_data$x[1:150, ])
  m[cbind(sample(150, 60, TRUE), sample(8, 60, TRUE))] <- NA
  df <- as.data.frame(m)
  w <- stats::runif(150, 0.5, 2)
  prep <- lca_items(df, weights = w)
  expect_identical(prep$weights, w)  # frequency weights, not rescaled
  for (model in c("categorical", "ordinal")) {
    fit <- lca_fit(prep, 2, model, nstart = 2, seed = 2)
    probs <- lapply(fit$probs, unclass)
    expect_equal(fit$loglik, loglik_by_hand(df, fit$shares, probs, prep$weights),
                 tolerance = 1e-10)
    # posterior and entropy by hand
    post <- lca_posterior_new(fit, df)
    expect_equal(unname(post), unname(fit$posterior), tolerance = 1e-12)
    h <- -rowSums(ifelse(post > 0, post * log(post), 0))
    expect_equal(fit$entropy, 1 - sum(prep$weights * h) / (sum(prep$weights) * log(2)))
  }
  # whole-number weights give the estimates of duplicated rows
  wi <- rep(1:3, 50)
  f_w <- lca_fit(lca_items(df, weights = wi), 2, "categorical", nstart = 3, seed = 4,
                 tol = 1e-13, maxiter = 5000)
  f_d <- lca_fit(lca_items(df[rep(1:150, wi), ]), 2, "categorical", nstart = 3,
                 seed = 4, tol = 1e-13, maxiter = 5000)
  expect_equal(unname(f_w$shares), unname(f_d$shares), tolerance = 1e-6)
  expect_equal(f_w$probs, f_d$probs, tolerance = 1e-6)
  # and the same likelihood and criteria (the sum of the weights is n)
  for (crit in c("loglik", "aic", "bic", "abic", "entropy")) {
    expect_equal(f_w[[crit]], f_d[[crit]], tolerance = 1e-10, info = crit)
  }
})

test_that("class likelihoods far below the double range are rescaled exactly", {
  set.seed(6)
  # 800 binary items: a case's likelihood is about 2^-800 in every class
  x <- matrix(sample(1:2, 60 * 800, TRUE), 60, 800)
  x[1:30, 1:400] <- ifelse(stats::runif(30 * 400) < 0.8, 1L, 2L)
  x[5, 3] <- NA
  colnames(x) <- paste0("i", 1:800)
  prep <- lca_items(x)
  for (w in list(NULL, stats::runif(60, 0.5, 2))) {
    prep <- lca_items(x, weights = w)
    fit <- lca_fit(prep, 2, "categorical", nstart = 1, seed = 1)
    ww <- if (is.null(prep$weights)) rep(1, 60) else prep$weights
    expect_equal(fit$loglik, loglik_by_hand(x, fit$shares, lapply(fit$probs, unclass), ww),
                 tolerance = 1e-10)
    expect_true(all(is.finite(fit$posterior)))
  }
})

test_that("the ordinal model has adjacent-category structure and fewer parameters", {
  prep <- lca_items(test_data$x)
  fo <- lca_fit(prep, 3, "ordinal", nstart = 3, seed = 1)
  fc <- lca_fit(prep, 3, "categorical", nstart = 3, seed = 1)
  expect_equal(fo$npar, 2 + 8 * (3 + 2))
  expect_equal(fc$npar, 2 + 8 * 3 * 3)
  expect_lt(fo$loglik, fc$loglik)
  for (j in 1:8) {
    lp <- log(unclass(fo$probs[[j]]))
    adj <- lp[, -1] - lp[, -4]              # adjacent-category logits, k x (K - 1)
    diffs <- sweep(adj, 2, adj[1, ])        # class minus class 1: constant in m
    expect_equal(diffs, matrix(diffs[, 1], 3, 3), tolerance = 1e-8, ignore_attr = TRUE)
    expect_equal(diffs[, 1], fo$ordinal$locations[, j], tolerance = 1e-8,
                 ignore_attr = TRUE)
  }
  # with binary items the two models coincide
  bin <- as.data.frame(lapply(test_data$x, function(v) as.integer(v > 2) + 1L))
  pb <- lca_items(bin)
  expect_equal(lca_fit(pb, 2, "ordinal", nstart = 4, seed = 3, tol = 1e-13)$loglik,
               lca_fit(pb, 2, "categorical", nstart = 4, seed = 3, tol = 1e-13)$loglik,
               tolerance = 1e-8)
})

test_that("the ordinal model recovers known classes and k (n = 412)", {
  set.seed(412)
  loc <- rbind(c(1.2, 1.2, 1.2, 1.2, -0.6, -0.6, -0.6, -0.6, 0.6, 0.6, 0.6, 0.6),
               c(-0.6, -0.6, -0.6, -0.6, 1.2, 1.2, 1.2, 1.2, -0.6, -0.6, -0.6, -0.6),
               c(0, 0, 0, 0, 0, 0, 0, 0, -1.2, -1.2, -1.2, -1.2))
  d <- sim_lca(412, c(0.45, 0.33, 0.22), ordinal_probs(loc, 5))
  prep <- lca_items(d$x)
  fit <- lca_fit(prep, 3, "ordinal", nstart = 10, seed = 1)
  expect_gte(agreement(fit$cluster, d$class)$ari, 0.8)
  bic <- vapply(1:5, function(k) {
    lca_scan_row(prep, k, "ordinal", nstart = 5, seed_material = c(1L, 2L))$bic
  }, numeric(1))
  expect_equal(which.min(bic), 3L)
})

test_that("results are identical for 1 and 2 threads and reproducible", {
  prep <- lca_items(test_data$x)
  for (model in c("categorical", "ordinal")) {
    f1 <- lca_fit(prep, 3, model, nstart = 5, seed = 9, threads = 1)
    f2 <- lca_fit(prep, 3, model, nstart = 5, seed = 9, threads = 2)
    expect_identical(f1, f2)
  }
  set.seed(1)
  a <- lca_fit(prep, 2, "ordinal", nstart = 3, threads = 2)
  set.seed(1)
  b <- lca_fit(prep, 2, "ordinal", nstart = 3, threads = 1)
  expect_identical(a, b)
  c <- lca_fit(prep, 2, "ordinal", nstart = 3, threads = 1)
  expect_false(identical(a$seed, c$seed))
})

test_that("classes are ordered by share and modal assignment is the posterior maximum", {
  fit <- lca_fit(lca_items(test_data$x), 3, "categorical", nstart = 4, seed = 5)
  expect_false(is.unsorted(rev(fit$shares)))
  expect_equal(fit$cluster, unname(apply(fit$posterior, 1, which.max)))
  expect_equal(unname(rowSums(fit$posterior)), rep(1, 400), tolerance = 1e-12)
  # class means of the codes, from the core
  expect_equal(dim(fit$centers), c(3L, 8L))
  expect_equal(fit$centers[2, 1], sum(fit$probs$q1[2, ] * 1:4), tolerance = 1e-12)
})

test_that("a best log-likelihood reached by one start only gives a classed warning", {
  prep <- lca_items(test_data$x)
  # a start with identical classes is a fixed point of EM (the one-class fit)
  flat <- lapply(prep$ncat, function(K) matrix(1 / K, 2, K))
  expect_snapshot(
    fit <- lca_fit(prep, 2, "categorical", nstart = 2, start = list(flat), seed = 1)
  )
  expect_warning(
    lca_fit(prep, 2, "categorical", nstart = 2, start = list(flat), seed = 1),
    class = "typfrage_warning_lca_starts"
  )
  expect_equal(fit$n_disagree, 1)
  expect_equal(fit$best_start, 2)
  expect_no_warning(lca_fit(prep, 2, "categorical", nstart = 4, seed = 1))
})

test_that("bad items get classed errors", {
  df <- data.frame(a = c(1, 2, 3, 1), b = c(2, 2, 2, NA), c = c(1, 2, 1, 2))
  expect_snapshot(lca_items(df), error = TRUE)
  expect_error(lca_items(df), class = "typfrage_error_input")
  df2 <- data.frame(a = c(1, 2.5, 3, 1), c = c(1, 2, 1, 2))
  expect_snapshot(lca_items(df2), error = TRUE)
  expect_error(lca_items(df2), class = "typfrage_error_lca_codes")
  df3 <- data.frame(a = c(1, NA, 3, 1), c = c(1, NA, 1, 2))
  expect_snapshot(lca_items(df3), error = TRUE)
  expect_error(lca_items(df3), class = "typfrage_error_lca_missing")
  df4 <- data.frame(a = c(0, 1, 2, 1), c = c(1, 2, 1, 2))
  expect_snapshot(lca_items(df4), error = TRUE)
  df5 <- data.frame(a = factor(c("x", "y", "x")), c = c(1, 2, 1))
  expect_snapshot(lca_items(df5, model = "ordinal"), error = TRUE)
  expect_silent(lca_items(df5, model = "categorical"))
  prep <- lca_items(data.frame(a = c(1, 2, 3, 1), c = c(1, 2, 1, 2)))
  expect_snapshot(lca_fit(prep, 5), error = TRUE)
})

test_that("ordered factors keep unused categories; predict codes are checked", {
  lev <- c("never", "rarely", "often", "always")
  df <- data.frame(a = factor(c("never", "often", "rarely", "often", "never"), lev, ordered = TRUE),
                   b = c(1, 2, 2, 1, 1))
  prep <- lca_items(df)
  expect_equal(unname(prep$ncat), c(4L, 2L))
  fit <- lca_fit(prep, 1, "categorical", nstart = 1, seed = 1)
  expect_equal(colnames(fit$probs$a), lev)
  expect_equal(unname(fit$probs$a[1, 4]), 0)
  new <- cbind(a = c(1, NA, 4), b = c(2, NA, 1))
  post <- lca_posterior_new(fit, new)
  expect_equal(post[, 1], c(1, NA, 1))
  expect_error(lca_posterior_new(fit, cbind(a = 5, b = 1)), class = "typfrage_error_input")
})

# --- typology(method = "lca") -------------------------------------------------

likert_data <- function() {
  d <- test_data$x
  lev <- c("disagree", "rather disagree", "rather agree", "agree")
  as.data.frame(lapply(d, function(v) factor(lev[v], levels = lev, ordered = TRUE)))
}

test_that("typology(method = 'lca') fills the typology contract", {
  d <- likert_data()
  fit <- typology(d, k = 3, method = "lca", seed = 1, nstart = 5)
  expect_s3_class(fit, "typology")
  expect_equal(fit$method, "lca")
  expect_equal(fit$lca_model, "categorical")  # the default (#23)
  expect_false(is.unsorted(rev(fit$size)))          # type 1 is the largest
  expect_equal(sum(fit$size), nrow(d))
  expect_equal(dim(fit$posterior), c(nrow(d), 3L))
  expect_equal(fit$cluster, max.col(fit$posterior, ties.method = "first"))
  expect_equal(unname(rowSums(fit$posterior)), rep(1, nrow(d)), tolerance = 1e-12)
  expect_named(fit$probs, names(d))
  expect_equal(colnames(fit$probs$q1), levels(d$q1))
  for (m in fit$probs) expect_equal(unname(rowSums(m)), rep(1, 3), tolerance = 1e-12)
  # centres are class means of the codes from the response probabilities
  expect_equal(unname(fit$centers[2, "q3"]), sum(fit$probs$q3[2, ] * 1:4))
  expect_equal(fit$aic, -2 * fit$loglik + 2 * fit$npar)
  expect_equal(fit$bic, -2 * fit$loglik + log(nrow(d)) * fit$npar)
  # the same model as the internal fit, up to the labels
  ref <- lca_fit(lca_items(d, model = "categorical"), 3, "categorical", nstart = 5,
                 seed_material = fit$seed)
  expect_equal(fit$loglik, ref$loglik)
  expect_equal(sort(unname(fit$shares)), sort(unname(ref$shares)))
  expect_equal(agreement(fit$cluster, ref$cluster)$ari, 1)
  g <- glance(fit)
  expect_equal(g$bic, fit$bic)
  expect_equal(g$objective, -2 * fit$loglik)
})

test_that("predict() gives classes and posterior probabilities", {
  d <- likert_data()
  fit <- typology(d, k = 2, method = "lca", lca_model = "categorical", seed = 2,
                  nstart = 4)
  expect_equal(predict(fit), fit$cluster)
  expect_equal(predict(fit, type = "prob"), fit$posterior)
  expect_equal(unname(predict(fit, d, type = "prob")), unname(fit$posterior),
               tolerance = 1e-12)
  expect_equal(predict(fit, d[1:10, ]), fit$cluster[1:10])
  new <- d[1:3, ]
  new[1, 1:4] <- NA
  new[3, ] <- NA
  p <- predict(fit, new, type = "prob")
  expect_true(all(is.na(p[3, ])))
  expect_equal(sum(p[1, ]), 1)
  expect_equal(predict(fit, new)[3], NA_integer_)
  # survives saveRDS()
  f <- tempfile(fileext = ".rds")
  saveRDS(fit, f)
  expect_equal(predict(readRDS(f), d[1:20, ], type = "prob"),
               predict(fit, d[1:20, ], type = "prob"))
  km <- typology(USArrests, k = 2, seed = 1)
  # centre methods: fuzzy memberships (see ?predict.typology), not posteriors
  expect_equal(rowSums(predict(km, USArrests, type = "prob")), rep(1, 50))
})

test_that("missing answers are kept by default and dropped with na_action = 'omit'", {
  d <- likert_data()[1:200, ]
  d$q1[1:20] <- NA
  d$q5[15:30] <- NA
  fit <- typology(d, k = 2, method = "lca", seed = 3, nstart = 3)
  expect_equal(sum(fit$size), 200)
  expect_false(anyNA(fit$cluster))
  om <- typology(d, k = 2, method = "lca", seed = 3, nstart = 3, na_action = "omit")
  expect_equal(sum(om$size), 200 - 30)
  expect_true(all(is.na(om$cluster[1:30])))
  expect_true(all(is.na(om$posterior[1:30, ])))
  expect_equal(om$rows, 31:200)
  w <- seq(0.5, 2, length.out = 200)
  fw <- typology(d, k = 2, method = "lca", seed = 3, nstart = 3, weights = w)
  expect_equal(sum(fw$weighted_size), sum(w))
})

test_that("typology(method = 'lca') is identical for 1 and 2 threads and reproducible", {
  d <- likert_data()
  f1 <- typology(d, k = 3, method = "lca", seed = 7, nstart = 4, threads = 1)
  f2 <- typology(d, k = 3, method = "lca", seed = 7, nstart = 4, threads = 2)
  f1$call <- f2$call <- NULL
  expect_identical(f1, f2)
  set.seed(10)
  a <- typology(d, k = 2, method = "lca", nstart = 3)
  set.seed(10)
  b <- typology(d, k = 2, method = "lca", nstart = 3)
  a$call <- b$call <- NULL
  expect_identical(a, b)
})

test_that("typology(method = 'lca') prints and rejects bad settings", {
  d <- likert_data()
  fit <- typology(d[1:120, 1:4], k = 2, method = "lca", seed = 1, nstart = 3)
  expect_snapshot(print(fit))
  expect_snapshot(summary(fit))
  expect_snapshot(typology(d, k = 2, method = "lca", standardize = TRUE), error = TRUE)
  expect_snapshot(typology(d, k = 2, method = "lca", lca_model = "nominal"), error = TRUE)
  expect_snapshot(typology(data.frame(a = c(1, 2.5, 2), b = c(1, 2, 1)), k = 2,
                           method = "lca"), error = TRUE)
  expect_error(typology(d, k = 2, method = "lca", distance = "gower"),
               class = "typfrage_error_input")
})
