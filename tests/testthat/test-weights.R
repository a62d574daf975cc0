# Integer weights equal duplicated rows (?typfrage_weights).

weights_case <- function() {
  x <- blob_data(n_per = 15)
  w <- rep(c(1, 3, 2, 1, 2), length.out = nrow(x))
  list(x = x, w = w, dup = x[rep(seq_len(nrow(x)), w), , drop = FALSE],
       idx = rep(seq_len(nrow(x)), w))
}

test_that("typology k-means: integer weights equal duplicated rows", {
  cs <- weights_case()
  fw <- typology(cs$x, k = 4, weights = cs$w, seed = 1, threads = 1)
  fd <- typology(cs$dup, k = 4, seed = 1, threads = 1)
  expect_identical(fw$cluster[cs$idx], fd$cluster)
  expect_equal(fw$centers, fd$centers, tolerance = 1e-10)
  expect_equal(fw$tot_withinss, fd$tot_withinss, tolerance = 1e-10)
  expect_equal(fw$totss, fd$totss, tolerance = 1e-10)
  expect_equal(unname(fw$withinss), unname(fd$withinss), tolerance = 1e-10)
  expect_equal(unname(fw$weighted_size), unname(as.numeric(fd$size)), tolerance = 1e-10)
})

test_that("typology PAM: integer weights equal duplicated rows", {
  cs <- weights_case()
  for (distance in c("euclidean", "manhattan", "gower")) {
    fw <- typology(cs$x, k = 4, method = "pam", distance = distance, weights = cs$w)
    fd <- typology(cs$dup, k = 4, method = "pam", distance = distance)
    expect_identical(fw$cluster[cs$idx], fd$cluster)
    expect_equal(fw$objective, fd$objective, tolerance = 1e-10)
    expect_equal(fw$centers, fd$centers, tolerance = 1e-10)
    expect_equal(unname(cs$x[fw$medoids, ]), unname(cs$dup[fd$medoids, ]), tolerance = 1e-10)
  }
})

test_that("hierarchy: integer weights equal duplicated rows", {
  cs <- weights_case()
  extra <- length(cs$idx) - nrow(cs$x)
  for (linkage in c("ward.D2", "average", "centroid", "complete", "single")) {
    hw <- hierarchy(cs$x, linkage = linkage, weights = cs$w)
    hd <- hierarchy(cs$dup, linkage = linkage)
    # the duplicated tree first merges the copies at height 0
    expect_equal(sort(hd$height)[-seq_len(extra)], sort(hw$height), tolerance = 1e-10)
    for (k in 2:6) {
      expect_equal(agreement(stats::cutree(hw, k)[cs$idx], stats::cutree(hd, k))$ari, 1)
    }
  }
  hw <- hierarchy(cs$x, weights = cs$w, memory = "light")
  hd <- hierarchy(cs$dup, memory = "light")
  expect_equal(sort(hd$height)[-seq_len(extra)], sort(hw$height), tolerance = 1e-10)
})

test_that("profiles and steckbrief: integer weights equal duplicated rows", {
  cs <- weights_case()
  fw <- typology(cs$x, k = 4, weights = cs$w, seed = 1, threads = 1)
  fd <- typology(cs$dup, k = 4, seed = 1, threads = 1)
  pw <- profiles(fw)
  pd <- profiles(fd)
  for (f in c("means", "sds", "z", "d", "share")) {
    expect_equal(pw[[f]], pd[[f]], tolerance = 1e-10, info = f)
  }
  expect_equal(unname(pw$weight), unname(as.numeric(pd$size)), tolerance = 1e-10)
  num <- vapply(pw$profile, is.numeric, logical(1))
  num[names(num) %in% c("n", "size")] <- FALSE  # rows, not weights
  expect_equal(pw$profile[num], pd$profile[num], tolerance = 1e-10)
  sw <- steckbrief(fw)
  sd <- steckbrief(fd)
  for (t in seq_len(4)) {
    expect_equal(sw$cards[[t]]$share, sd$cards[[t]]$share, tolerance = 1e-10)
    expect_equal(sw$cards[[t]]$weight, as.numeric(sd$cards[[t]]$n), tolerance = 1e-10)
    expect_equal(sw$cards[[t]]$high, sd$cards[[t]]$high, tolerance = 1e-10)
    expect_equal(sw$cards[[t]]$low, sd$cards[[t]]$low, tolerance = 1e-10)
  }
})

test_that("stability: weighted point estimates equal duplicated rows", {
  cs <- weights_case()
  fw <- typology(cs$x, k = 4, weights = cs$w, seed = 1, threads = 1)
  fd <- typology(cs$dup, k = 4, seed = 1, threads = 1)
  sw <- stability(fw, B = 20, seed = 1, threads = 1)
  sd <- stability(fd, B = 20, seed = 1, threads = 1)
  # The estimates are statistics of the sample: identical. The bootstrap
  # distributions are not comparable one to one: weighted rows are resampled as
  # units carrying their weight (the survey design), duplicated rows
  # independently, so only their agreement on these well-separated types is
  # checked.
  expect_equal(sw$shares$estimate, sd$shares$estimate, tolerance = 1e-10)
  expect_equal(sw$means$estimate, sd$means$estimate, tolerance = 1e-10)
  expect_true(all(sw$shares$lower <= sw$shares$estimate + 1e-12 &
                    sw$shares$estimate <= sw$shares$upper + 1e-12))
  expect_true(all(sw$types$jaccard > 0.9) && all(sd$types$jaccard > 0.9))
})

test_that("silhouette_widths and cluster_indices: integer weights equal duplicated rows", {
  cs <- weights_case()
  cl <- rep(1:4, length.out = nrow(cs$x))
  cl[c(3, 7)] <- c(2L, 1L)  # uneven clusters, some rows with weight > 1 alone-ish
  for (distance in c("euclidean", "manhattan", "sqeuclidean")) {
    sw <- silhouette_widths(cs$x, cl, distance = distance, weights = cs$w, threads = 1)
    sd <- silhouette_widths(cs$dup, cl[cs$idx], distance = distance, threads = 2)
    expect_equal(unclass(sw)[cs$idx, "sil_width"], unclass(sd)[, "sil_width"],
                 tolerance = 1e-10, info = distance)
    expect_identical(unclass(sw)[cs$idx, "neighbor"], unclass(sd)[, "neighbor"])
    expect_equal(attr(sw, "avg_width"), attr(sd, "avg_width"), tolerance = 1e-10)
    expect_equal(attr(sw, "cluster_avg"), attr(sd, "cluster_avg"), tolerance = 1e-10)
  }
  # a row alone in its cluster with weight 3 is three identical cases: width 1
  cl1 <- cl
  cl1[cl1 == 4L] <- 3L
  cl1[2] <- 4L
  expect_equal(cs$w[2], 3)
  sw <- silhouette_widths(cs$x, cl1, weights = cs$w)
  sd <- silhouette_widths(cs$dup, cl1[cs$idx])
  expect_equal(unname(unclass(sw)[2, "sil_width"]), 1)
  expect_equal(unclass(sw)[cs$idx, "sil_width"], unclass(sd)[, "sil_width"], tolerance = 1e-10)

  iw <- cluster_indices(cs$x, cl, weights = cs$w)
  id <- cluster_indices(cs$dup, cl[cs$idx])
  expect_equal(iw$index, id$index)
  expect_equal(iw$value, id$value, tolerance = 1e-10)
})

test_that("scan_k: integer weights equal duplicated rows for the weighted indices", {
  cs <- weights_case()
  idx <- c("wss", "pve", "silhouette", "ch", "db", "dunn", "schedule")
  sw <- scan_k(cs$x, k = 2:5, indices = idx, weights = cs$w, seed = 3, threads = 1)
  sd <- scan_k(cs$dup, k = 2:5, indices = idx, seed = 3, threads = 2)
  tw <- sw$indices[order(sw$indices$index, sw$indices$k), ]
  td <- sd$indices[order(sd$indices$index, sd$indices$k), ]
  expect_identical(tw$index, td$index)
  expect_identical(tw$k, td$k)
  expect_equal(tw$value, td$value, tolerance = 1e-10)
  expect_identical(sw$recommended, sd$recommended)
})

test_that("typology Ward, Ward + k-means and LCA: integer weights equal duplicated rows", {
  cs <- weights_case()
  for (method in c("ward", "ward_kmeans")) {
    fw <- typology(cs$x, k = 4, method = method, weights = cs$w)
    fd <- typology(cs$dup, k = 4, method = method)
    expect_identical(fw$cluster[cs$idx], fd$cluster, info = method)
    expect_equal(fw$centers, fd$centers, tolerance = 1e-10)
    expect_equal(fw$tot_withinss, fd$tot_withinss, tolerance = 1e-10)
  }
  set.seed(5)
  likert <- as.data.frame(lapply(1:5, function(j) sample.int(4, 60, replace = TRUE)))
  names(likert) <- paste0("q", 1:5)
  w <- rep(1:3, 20)
  dup <- likert[rep(seq_len(60), w), ]
  lw <- typology(likert, k = 2, method = "lca", weights = w, nstart = 3, seed = 2,
                 lca_model = "categorical", tol = 1e-13, max_iter = 5000)
  ld <- typology(dup, k = 2, method = "lca", nstart = 3, seed = 2,
                 lca_model = "categorical", tol = 1e-13, max_iter = 5000)
  expect_identical(lw$cluster[rep(seq_len(60), w)], ld$cluster)
  expect_equal(lw$loglik, ld$loglik, tolerance = 1e-10)
  expect_equal(lw$bic, ld$bic, tolerance = 1e-10)
  expect_equal(lw$centers, ld$centers, tolerance = 1e-6)
})

test_that("non-integer weights: multiplying them by a constant changes no index or silhouette", {
  x <- scale(USArrests)
  cl <- typology(x, k = 3, seed = 1)$cluster
  s0 <- silhouette_widths(x, cl)
  s1 <- silhouette_widths(x, cl, weights = rep(0.1, 50))
  expect_equal(summary(s1)$avg_width, summary(s0)$avg_width)  # constant weights = none
  set.seed(2)
  w <- runif(50, 0.5, 1.5)
  a <- cluster_indices(x, cl, weights = w)
  b <- cluster_indices(x, cl, weights = w * 0.01)
  expect_equal(a, b)
  expect_equal(unclass(silhouette_widths(x, cl, weights = w)),
               unclass(silhouette_widths(x, cl, weights = 7.3 * w)))
  # whole numbers still count as duplicated rows
  wi <- rep(1:2, 25)
  big <- x[rep(seq_len(50), wi), ]
  expect_equal(cluster_indices(x, cl, weights = wi)[["ch"]],
               cluster_indices(big, cl[rep(seq_len(50), wi)])[["ch"]])
})
