# Latent class covariates: one-step regression against poLCA, the three-step
# corrections on data from known parameters, BCH distal outcomes, standard
# errors against poLCA's calc.se, and bad input.

# |a - b| <= tol everywhere (absolute, unlike expect_equal()'s relative tolerance)
expect_close <- function(a, b, tol) {
  expect_equal(dim(a), dim(b))
  expect_lte(max(abs(a - b)), tol)
}

election_items <- c("MORALG", "CARESG", "KNOWG", "LEADG", "DISHONG", "INTELG",
                    "MORALB", "CARESB", "KNOWB", "LEADB", "DISHONB", "INTELB")

# columns of `ref` (n x k) matched to the columns of `ours`: ref column of type c
match_cols <- function(ours, ref) {
  ov <- crossprod(ref, ours)
  perm <- integer(ncol(ov))
  for (s in seq_len(ncol(ov))) {
    at <- which(ov == max(ov), arr.ind = TRUE)[1, ]
    perm[at[2]] <- at[1]
    ov[at[1], ] <- -Inf
    ov[, at[2]] <- -Inf
  }
  perm
}

test_that("one-step latent class regression equals poLCA on election ~ PARTY", {
  skip_if_not_installed("poLCA")
  data("election", package = "poLCA", envir = environment())
  f <- cbind(MORALG, CARESG, KNOWG, LEADG, DISHONG, INTELG,
             MORALB, CARESB, KNOWB, LEADB, DISHONB, INTELB) ~ PARTY
  set.seed(1)
  pl <- poLCA::poLCA(f, election, nclass = 3, nrep = 10, verbose = FALSE)
  d <- stats::na.omit(election[c(election_items, "PARTY")])  # poLCA's rows
  fit <- typology(d, k = 3, method = "lca", items = tidyselect::all_of(election_items),
                  seed = 1, nstart = 10, threads = 1)
  r <- lca_covariates(fit, d, ~ PARTY, method = "one_step", seed = 2, threads = 1)
  expect_close(r$loglik, pl$llik, 1e-6)
  perm <- match_cols(r$posterior, pl$posterior)
  b_pl <- cbind(0, pl$coeff)[, perm]
  b_pl <- b_pl - b_pl[, 1]
  expect_close(unname(cbind(0, r$coefficients)), unname(b_pl), 1e-4)
  expect_close(unname(r$posterior), unname(pl$posterior[, perm]), 1e-3)  # poLCA stops earlier
  # standard errors of the coefficients and response probabilities as poLCA's
  se_pl <- pl$coeff.se
  for (j in seq_along(election_items)) {
    expect_close(unname(r$se_probs[[j]]), unname(pl$probs.se[[j]][perm, ]), 1e-3)
  }
  if (perm[1] == 1L) {  # same reference class: the coefficients' SEs are comparable
    expect_close(unname(r$table$std.error), as.vector(se_pl[, perm[-1] - 1L]), 1e-3)
  }
  expect_gt(r$agreement, 0.5)
})

test_that("standard errors of shares and response probabilities equal poLCA's", {
  skip_if_not_installed("poLCA")
  data("carcinoma", package = "poLCA", envir = environment())
  set.seed(3)
  pl <- poLCA::poLCA(cbind(A, B, C, D, E, F, G) ~ 1, carcinoma, nclass = 3, nrep = 5,
                     verbose = FALSE)
  fit <- typology(carcinoma, k = 3, method = "lca", seed = 1, nstart = 10, threads = 1)
  se <- lca_se(fit, carcinoma)
  perm <- match_cols(fit$posterior, pl$posterior)
  expect_close(se$shares$std.error, unname(pl$P.se[perm]), 1e-5)
  for (j in seq_along(se$se_probs)) {
    expect_close(unname(se$se_probs[[j]]), unname(pl$probs.se[[j]][perm, ]), 1e-5)
  }
  td <- tidy(se)
  expect_equal(nrow(td), 3 + sum(3 * 2 * 7))
  expect_error(lca_se(typology(carcinoma, k = 2, method = "lca", seed = 1, nstart = 2,
                               lca_model = "ordinal", threads = 1), carcinoma),
               class = "typfrage_error_input")
})

test_that("ML and BCH three-step recover the effects that the naive step attenuates", {
  set.seed(11)
  d <- lca_sim_data(1500)
  fit <- typology(d, k = 3, method = "lca", items = y1:y6, seed = 1, nstart = 10, threads = 1)
  tab <- table(fit$cluster, d$class)
  err <- 1 - sum(apply(tab, 1, max)) / nrow(d)
  expect_gt(err, 0.15)
  true_of_type <- apply(tab, 1, which.max)  # true class of every fitted type
  expect_setequal(true_of_type, 1:3)
  b <- lca_sim_truth$beta[true_of_type]
  truth <- (b - b[1])[-1]  # slopes of types 2, 3 against type 1
  est <- lapply(c(naive = "naive", ml = "ml", bch = "bch", one = "one_step"), function(m) {
    r <- lca_covariates(fit, d, ~ z, method = m, seed = 1, threads = 1)
    tb <- r$table[r$table$term == "z", ]
    list(b = tb$estimate, se = tb$std.error)
  })
  for (m in c("ml", "bch", "one")) {
    expect_true(all(abs(est[[m]]$b - truth) < 3 * est[[m]]$se), info = m)
  }
  # the naive slopes are pulled towards zero, clearly more than the corrected ones
  expect_true(all(abs(est$naive$b) < abs(est$ml$b)))
  expect_true(all(abs(est$naive$b) < abs(est$bch$b)))
  expect_true(all(abs(est$naive$b - truth) > 2 * est$naive$se))
})

test_that("results: tidy, predict, Wald tests, German print, plot", {
  set.seed(5)
  d <- lca_sim_data(400)
  d$g <- factor(sample(c("a", "b", "c"), 400, TRUE))
  d$z[3] <- NA
  fit <- typology(d, k = 3, method = "lca", items = y1:y6, seed = 1, nstart = 5, threads = 1)
  r <- lca_covariates(fit, d, ~ z + g, method = "bch")
  expect_equal(r$n, 399L)
  expect_equal(r$dropped, 1L)
  expect_equal(r$wald$df, c(2L, 4L))
  td <- tidy(r, exponentiate = TRUE)
  expect_equal(td$estimate, r$table$odds_ratio)
  expect_equal(nrow(td), 2 * 4)
  p <- predict(r, data.frame(z = c(-1, 0, 1), g = c("a", "b", "c")))
  expect_equal(unname(rowSums(p)), rep(1, 3))
  expect_equal(unname(predict(r)[1:2, ]), unname(predict(r, d[1:2, ])), tolerance = 1e-12)
  # names and a data frame of covariates give the same model as the formula
  r2 <- lca_covariates(fit, d, c(z, g), method = "bch")
  expect_equal(r2$coefficients, r$coefficients)
  r3 <- lca_covariates(fit, d, d[c("z", "g")], method = "bch")
  expect_equal(r3$coefficients, r$coefficients)
  out <- withr::with_options(list(typfrage.lang = "de"), capture.output(print(r)))
  expect_match(out[1], "Kovariaten der latenten Klassen")
  expect_true(any(grepl("Wald-Tests", out)))
  expect_s3_class(ggplot2::autoplot(r, covariate = "z"), "ggplot")
  expect_s3_class(ggplot2::autoplot(r, covariate = "g", lang = "de"), "ggplot")
  # an argument autoplot() does not know is an error, never silently dropped
  expect_error(ggplot2::autoplot(r, colour = "red"), class = "typfrage_error_plot_argument")
})

test_that("BCH distal outcomes recover class means that modal assignment blurs", {
  set.seed(8)
  d <- lca_sim_data(1500)
  d$y <- stats::rnorm(1500, c(0, 2, 4)[d$class], 1)
  d$f <- factor(ifelse(stats::runif(1500) < c(0.2, 0.5, 0.8)[d$class], "yes", "no"))
  fit <- typology(d, k = 3, method = "lca", items = y1:y6, seed = 1, nstart = 10, threads = 1)
  true_of_type <- apply(table(fit$cluster, d$class), 1, which.max)
  ds <- lca_distal(fit, d, c(y, f))
  t_y <- ds$table[ds$table$outcome == "y", ]
  truth <- c(0, 2, 4)[true_of_type]
  expect_true(all(abs(t_y$estimate - truth) < 3 * t_y$std.error))
  naive <- tapply(d$y, fit$cluster, mean)
  expect_true(diff(range(naive)) < diff(range(t_y$estimate)))
  t_f <- ds$table[ds$table$outcome == "f" & ds$table$category == "yes", ]
  expect_true(all(abs(t_f$estimate - c(0.2, 0.5, 0.8)[true_of_type]) < 3 * t_f$std.error))
  expect_lt(ds$tests$p.value[1], 1e-6)
  expect_equal(nrow(tidy(ds)), 3 * 3)
  expect_output(print(ds), "Distal outcomes")
})

test_that("bad input to the covariate verbs is refused before any C++ runs", {
  set.seed(5)
  d <- lca_sim_data(200)
  fit <- typology(d, k = 2, method = "lca", items = y1:y6, seed = 1, nstart = 3, threads = 1)
  km <- typology(d[1:6], k = 2, seed = 1)
  expect_error(lca_covariates(km, d, ~ z), class = "typfrage_error_input")
  expect_error(lca_covariates(fit, d[1:100, ], ~ z), class = "typfrage_error_input")
  expect_error(lca_covariates(fit, d, y ~ z), class = "typfrage_error_input")
  expect_error(lca_covariates(fit, d, ~ nonexistent), class = "typfrage_error_covariate")
  d$z2 <- 2 * d$z
  expect_error(lca_covariates(fit, d, ~ z + z2), class = "typfrage_error_covariate")
  expect_error(lca_covariates(fit, d, ~ z, method = "mle"), class = "typfrage_error_input")
  expect_error(lca_distal(fit, d, nonexistent), class = "typfrage_error_input")
})
