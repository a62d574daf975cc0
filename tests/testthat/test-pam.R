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
  expect_identical(a[c("cluster", "medoids", "starts")], b[c("cluster", "medoids", "starts")])
  expect_lte(a$objective, one$objective)
  expect_equal(a$starts$objective[1], one$objective)
  expect_equal(a$objective, min(a$starts$objective))
})
