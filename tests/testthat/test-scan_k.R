# G spherical groups (sd 1) centred on the corners of a simplex: every pair
# of centres is sep * sqrt(2) apart.
simulate_groups <- function(G, n_per = 50, sep = 5, seed = 1) {
  set.seed(seed)
  centers <- sep * diag(G)
  centers[rep(seq_len(G), each = n_per), ] + matrix(rnorm(G * n_per * G), ncol = G)
}

test_that("ruspini: every index recommends 4 types", {
  skip_if_not_installed("cluster")
  s <- scan_k(cluster::ruspini, k = 2:8, B = 30, nstart = 10, seed = 1)
  expect_s3_class(s, "typology_scan")
  expect_identical(s$recommended$index, c("wss", "silhouette", "ch", "db", "gap", "ps"))
  expect_true(all(s$recommended$k == 4L))
  expect_identical(s$verdict, "All 6 indices agree on k = 4.")
})

test_that("simulated 3- and 5-group data: the indices find the true k", {
  for (G in c(3, 5)) {
    x <- simulate_groups(G, seed = G)
    s <- scan_k(x, k = 2:7, B = 20, nstart = 10, seed = 2,
                indices = c("wss", "silhouette", "ch", "db", "dunn", "gap", "ps"))
    expect_true(all(s$recommended$k == G), info = paste(G, "groups"))
  }
})

test_that("structureless uniform data: the gap statistic recommends k = 1", {
  set.seed(41)
  u <- matrix(runif(600), 200, 3)
  s <- scan_k(u, k = 2:6, B = 30, nstart = 5, seed = 2, indices = c("gap", "ps"))
  expect_identical(s$recommended$k, c(1L, 1L))
  expect_identical(s$indices$k[s$indices$index == "gap"], 1:6)
})

test_that("index values equal cluster_indices() and typology() on the same partitions", {
  x <- scale(USArrests)
  s <- scan_k(x, k = 2:4, B = 5, nstart = 5, seed = 3,
              indices = c("wss", "pve", "silhouette", "ch", "db", "dunn"))
  for (k in 2:4) {
    ref <- cluster_indices(x, s$clusters[, as.character(k)])
    got <- s$indices[s$indices$k == k, ]
    expect_equal(got$value[match(ref$index, got$index)], ref$value)
    fit <- typology(x, k, nstart = 5, seed = s$seed[1])
    expect_identical(s$clusters[, as.character(k)], fit$cluster)
    expect_equal(got$value[got$index == "wss"], fit$tot_withinss)
  }
  # wss at k = 1 is the total sum of squares
  expect_equal(s$indices$value[s$indices$index == "wss" & s$indices$k == 1],
               sum(scale(x, scale = FALSE)^2))
})

test_that("prediction strength agrees with fpc::prediction.strength() within Monte-Carlo error", {
  skip_if_not_installed("fpc")
  x <- simulate_groups(3, n_per = 40, sep = 2.5, seed = 7)
  s <- scan_k(x, k = 2:4, B = 40, nstart = 10, seed = 4, indices = "ps")
  set.seed(4)
  ref <- fpc::prediction.strength(x, Gmin = 2, Gmax = 4, M = 40, runs = 10)
  ours <- s$indices$value
  theirs <- ref$mean.pred[2:4]
  se <- s$indices$se
  expect_true(all(abs(ours - theirs) < 4 * sqrt(2) * se + 0.05))
})

test_that("results reproduce with a seed and do not depend on threads", {
  x <- scale(USArrests)
  a <- scan_k(x, k = 2:4, B = 8, nstart = 3, seed = 5, threads = 1)
  b <- scan_k(x, k = 2:4, B = 8, nstart = 3, seed = 5, threads = 2)
  a$call <- b$call <- NULL
  expect_identical(a, b)
  set.seed(9)
  c1 <- scan_k(x, k = 2:3, B = 4, nstart = 2, indices = c("gap", "ps"))
  set.seed(9)
  c2 <- scan_k(x, k = 2:3, B = 4, nstart = 2, indices = c("gap", "ps"))
  expect_identical(c1$indices, c2$indices)
})

test_that("PAM, weights and data frames with items work", {
  x <- USArrests
  s <- scan_k(x, k = 2:4, method = "pam", items = c("Murder", "Assault", "UrbanPop"),
              standardize = TRUE, B = 5, seed = 1, indices = c("silhouette", "gap", "ps"))
  expect_identical(unique(s$indices$index), c("silhouette", "gap", "ps"))
  w <- rep(c(1, 2), 25)
  sw <- scan_k(x, k = 2:3, standardize = TRUE, weights = w, nstart = 3, seed = 1,
               indices = c("wss", "silhouette"))
  fit <- typology(x, 3, standardize = TRUE, weights = w, nstart = 3, seed = sw$seed[1])
  sil <- silhouette_widths(fit)
  expect_equal(sw$indices$value[sw$indices$index == "silhouette" & sw$indices$k == 3],
               attr(sil, "avg_width"))
  expect_false(is.null(attr(sil, "weights")))
})

test_that("print, summary, tidy and plots", {
  skip_if_not_installed("cluster")
  s <- scan_k(cluster::ruspini, k = 2:6, B = 10, nstart = 5, seed = 1)
  expect_snapshot(print(s))
  expect_snapshot(print(summary(s)))
  expect_identical(names(tidy(s)), c("index", "k", "value", "se"))
  expect_s3_class(autoplot(s), "ggplot")
  expect_match(typfrage:::scan_verdict(data.frame(index = c("a", "b", "c"), k = c(2L, 3L, 2L))),
               "2 of 3 indices recommend k = 2 \\(a, c\\); b: k = 3.")
  expect_match(typfrage:::scan_verdict(data.frame(index = c("a", "b"), k = c(2L, 3L))),
               "The indices disagree")
})

test_that("bad input gives classed errors", {
  x <- scale(USArrests)
  expect_snapshot(error = TRUE, {
    scan_k(x, indices = c("ch", "abc"))
    scan_k(x, method = "lca")
    scan_k(x, k = 2:30, indices = "ps", B = 5)
    scan_k(x, k = 0:3)
    scan_k(x, B = 1)
    scan_k(x, ps_cutoff = 2)
    scan_k("x")
  })
  expect_error(scan_k(x, k = 2:3, B = 1), class = "typfrage_error_input")
})

sim_lca_3 <- function(n = 300, p = 8, seed = 42) {
  set.seed(seed)
  cls <- sample(1:3, n, TRUE, prob = c(0.4, 0.35, 0.25))
  mu <- rbind(rep(1.5, p), rep(4.5, p), c(rep(1.5, p / 2), rep(4.5, p / 2)))
  x <- sapply(seq_len(p), function(j) pmin(5, pmax(1, round(mu[cls, j] + stats::rnorm(n, 0, 0.8)))))
  as.data.frame(x)
}

test_that("scan_k(method = 'lca') recommends the true k by BIC and reports typology()'s criteria", {
  x <- sim_lca_3()
  s <- suppressWarnings(scan_k(x, k = 2:4, method = "lca", nstart = 5, seed = 1, threads = 2))
  expect_s3_class(s, "typology_scan")
  expect_identical(s$recommended$index, c("loglik", "aic", "bic", "abic", "entropy", "min_share")) # h23 (#23)
  expect_identical(s$recommended$k[s$recommended$index == "bic"], 3L)
  expect_identical(sort(unique(s$indices$k)), 1:4)
  expect_true(is.na(s$indices$value[s$indices$index == "entropy" & s$indices$k == 1]))
  for (kk in 1:4) {
    f <- suppressWarnings(typology(x, k = kk, method = "lca", nstart = 5, seed = 1))
    got <- s$indices[s$indices$k == kk, ]
    expect_equal(got$value[got$index == "loglik"], f$loglik)
    expect_equal(got$value[got$index == "aic"], f$aic)
    expect_equal(got$value[got$index == "bic"], f$bic)
    expect_equal(got$value[got$index == "abic"], f$abic)
    if (kk > 1) expect_equal(got$value[got$index == "entropy"], f$entropy)
  }
  s1 <- suppressWarnings(scan_k(x, k = 2:4, method = "lca", nstart = 5, seed = 1, threads = 1))
  expect_identical(s1$indices, s$indices)
  expect_s3_class(autoplot(s), "ggplot")
  expect_snapshot(print(s))
})

test_that("latent class scans and distance indices do not mix", {
  x <- sim_lca_3(n = 60)
  expect_snapshot(error = TRUE, {
    scan_k(x, k = 2:3, method = "lca", indices = c("bic", "wss"))
    scan_k(scale(USArrests), indices = "bic")
  })
  expect_error(scan_k(x, k = 2:3, method = "lca", indices = "ch"), class = "typfrage_error_input")
})

test_that("the agglomeration schedule reads Ward's ESS increases and recommends before the largest jump", {
  x <- scale(USArrests)
  s <- scan_k(x, k = 2:6, indices = c("wss", "schedule"), nstart = 5, seed = 1)
  sched <- agglomeration_schedule(hierarchy(x))
  inc <- sched$ess_increase[match(1:6, sched$clusters)]
  # Ward's ESS increase equals half the squared ward.D2 height (hclust)
  h <- stats::hclust(stats::dist(x), method = "ward.D2")
  expect_equal(inc, rev(h$height)[1:6]^2 / 2)
  got <- s$indices[s$indices$index == "schedule", ]
  expect_identical(got$k, 2:6)
  expect_equal(got$value, inc[2:6])
  jump <- inc[1:5] - inc[2:6]
  expect_identical(s$recommended$k[s$recommended$index == "schedule"], (2:6)[which.max(jump)])
  expect_identical(typfrage:::schedule_jump_k(2:4, c(10, 9, 2, 1)), 3L)
  # the same tree whatever method fits the typologies
  sp <- scan_k(x, k = 2:6, method = "pam", indices = "schedule")
  expect_equal(sp$indices$value, got$value)
  expect_snapshot(print(s))
  expect_snapshot(error = TRUE, {
    scan_k(x, k = 2:4, method = "pam", distance = "manhattan", indices = "schedule")
  })
})
