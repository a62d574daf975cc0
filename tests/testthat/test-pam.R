pam_total <- function(ref) ref$objective[["swap"]] * length(ref$clustering)

test_that("PAM objective and medoids agree with cluster::pam", {
  skip_if_not_installed("cluster")
  sets <- kmeans_test_sets()
  sets$likert <- sets$likert[1:200, ]
  for (nm in names(sets)) {
    x <- sets[[nm]]
    for (k in 2:5) {
      fit <- typology(x, k, method = "pam", threads = 2)
      ref <- cluster::pam(x, k)
      expect_lte(fit$objective, pam_total(ref) * (1 + 1e-9))
      if (nm != "tied") {  # tied rows: medoids not unique
        expect_setequal(fit$medoids, ref$id.med)
      }
    }
  }
})

test_that("PAM with Manhattan distance and with a dist object agrees with cluster::pam", {
  skip_if_not_installed("cluster")
  x <- scale(as.matrix(USArrests))
  for (k in 2:4) {
    ref <- cluster::pam(x, k, metric = "manhattan")
    fit <- typology(x, k, method = "pam", distance = "manhattan")
    expect_equal(fit$objective, pam_total(ref), tolerance = 1e-12)
    expect_setequal(fit$medoids, ref$id.med)
    d <- stats::dist(x, "manhattan")
    fd <- typology(x, k, method = "pam", distance = d)
    expect_identical(fd$medoids, fit$medoids)
    expect_identical(fd$cluster, fit$cluster)
  }
})

test_that("PAM with Gower distance on ordinal and nominal items agrees with cluster::daisy", {
  skip_if_not_installed("cluster")
  set.seed(4)
  n <- 120
  df <- data.frame(
    a = factor(sample(c("low", "mid", "high"), n, TRUE), levels = c("low", "mid", "high"), ordered = TRUE),
    b = factor(sample(c("x", "y", "z"), n, TRUE)),
    c = stats::rnorm(n)
  )
  ref <- cluster::pam(cluster::daisy(df, metric = "gower"), 3)
  fit <- typology(df, 3, method = "pam", distance = "gower")
  expect_equal(fit$objective, pam_total(ref), tolerance = 1e-9)
  expect_setequal(fit$medoids, ref$id.med)
  # predict() assigns the fitted rows to their own types
  expect_identical(predict(fit, df), fit$cluster)
  # nominal items are rejected for other distances
  expect_snapshot(typology(df, 3, method = "pam"), error = TRUE)
})

test_that("PAM with integer case weights equals PAM on replicated rows", {
  x <- blob_data(n_per = 15)
  w <- rep(c(1, 2, 3), length.out = nrow(x))
  fw <- typology(x, 4, method = "pam", weights = w)
  fr <- typology(x[rep(seq_len(nrow(x)), w), ], 4, method = "pam")
  expect_equal(fw$objective, fr$objective, tolerance = 1e-10)
  # objective is the weighted sum of distances to the medoids
  d <- as.matrix(stats::dist(x))
  expect_equal(fw$objective, sum(w * d[cbind(seq_len(nrow(x)), fw$medoids[fw$cluster])]))
})

test_that("PAM starts: more starts never worsen; threads do not matter", {
  x <- likert_data(150)
  a <- typology(x, 4, method = "pam", nstart = 6, seed = 2, threads = 1)
  b <- typology(x, 4, method = "pam", nstart = 6, seed = 2, threads = 2)
  one <- typology(x, 4, method = "pam", threads = 2)
  # large enough (n >= 1000) that distances, BUILD and swaps use two threads
  big <- likert_data(1200)
  p1 <- typology(big, 4, method = "pam", nstart = 3, seed = 4, threads = 1)
  p2 <- typology(big, 4, method = "pam", nstart = 3, seed = 4, threads = 2)
  expect_identical(p1[c("cluster", "medoids", "starts")], p2[c("cluster", "medoids", "starts")])
  expect_identical(a[c("cluster", "medoids", "starts")], b[c("cluster", "medoids", "starts")])
  expect_lte(a$objective, one$objective)
  expect_equal(a$starts$objective[1], one$objective)
  expect_equal(a$objective, min(a$starts$objective))
})

test_that("PAM with more medoids and odd item counts agrees with cluster::pam and with R's distances", {
  skip_if_not_installed("cluster")
  # 7 items (not a multiple of 4), an odd number of rows, k up to 8 (the
  # general swap evaluation beyond the unrolled k <= 6)
  x <- likert_data(301, p = 7, k = 6, seed = 5)
  d <- as.matrix(stats::dist(x))
  for (k in c(6, 8)) {
    fit <- typology(x, k, method = "pam")
    ref <- cluster::pam(x, k)
    expect_lte(fit$objective, pam_total(ref) * (1 + 1e-9))
    expect_equal(fit$objective, sum(d[cbind(seq_len(nrow(x)), fit$medoids[fit$cluster])]),
                 tolerance = 1e-12)
  }
  # one and three items (fewer than four partial sums)
  for (p in c(1, 3)) {
    xp <- likert_data(151, p = p, k = 3, seed = p)
    fit <- typology(xp, 3, method = "pam", distance = "manhattan")
    ref <- cluster::pam(xp, 3, metric = "manhattan")
    expect_lte(fit$objective, pam_total(ref) * (1 + 1e-9))
    dp <- as.matrix(stats::dist(xp, "manhattan"))
    expect_equal(fit$objective, sum(dp[cbind(seq_len(nrow(xp)), fit$medoids[fit$cluster])]))
  }
})

test_that("large PAM fits (two threads) agree across distance inputs, weights and threads", {
  skip_if_not_installed("cluster")
  # n >= 1000: the distance fill, BUILD and the swaps run on two threads
  x <- likert_data(1100, p = 5, seed = 6)
  ref <- cluster::pam(x, 4)
  e1 <- typology(x, 4, method = "pam", threads = 1)
  e2 <- typology(x, 4, method = "pam", threads = 2)
  expect_identical(e1[c("cluster", "medoids", "objective")], e2[c("cluster", "medoids", "objective")])
  expect_lte(e2$objective, pam_total(ref) * (1 + 1e-9))
  # a dist object: same medoids and objective
  fd <- typology(x, 4, method = "pam", distance = stats::dist(x), threads = 2)
  expect_identical(fd$medoids, e2$medoids)
  expect_equal(fd$objective, e2$objective, tolerance = 1e-12)
  # Manhattan and Gower: threads do not matter
  for (dm in c("manhattan", "gower")) {
    m1 <- typology(x, 4, method = "pam", distance = dm, threads = 1)
    m2 <- typology(x, 4, method = "pam", distance = dm, threads = 2)
    expect_identical(m1[c("cluster", "medoids", "objective")], m2[c("cluster", "medoids", "objective")])
  }
  rg <- cluster::pam(cluster::daisy(as.data.frame(x), metric = "gower"), 4)
  expect_lte(m2$objective, pam_total(rg) * (1 + 1e-9))
  # case weights on 2 threads equal replicated rows
  xs <- x[1:500, ]
  w <- rep(c(1, 3, 2), length.out = nrow(xs))
  big <- xs[rep(seq_len(nrow(xs)), w), ]
  fw1 <- typology(big, 4, method = "pam", threads = 1)
  fw2 <- typology(big, 4, method = "pam", threads = 2)
  expect_identical(fw1$medoids, fw2$medoids)
  fw <- typology(xs, 4, method = "pam", weights = w, threads = 2)
  expect_equal(fw$objective, fw2$objective, tolerance = 1e-10)
  fww <- typology(rbind(xs, xs), 4, method = "pam", weights = c(w, w), threads = 2)
  expect_equal(fww$objective, 2 * fw$objective, tolerance = 1e-10)
  fwd <- typology(rbind(xs, xs), 4, method = "pam", weights = c(w, w), threads = 2,
                  distance = stats::dist(rbind(xs, xs)))
  expect_identical(fwd$medoids, fww$medoids)
})
