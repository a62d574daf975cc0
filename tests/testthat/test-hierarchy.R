all_linkages <- c("ward.D2", "ward.D", "complete", "average", "single",
                  "mcquitty", "centroid", "median")

rel_diff <- function(a, b) max(abs(a - b) / pmax(abs(b), 1e-300))

same_partition <- function(a, b) agreement(a, b)$ari == 1

expect_same_tree <- function(tree, ref, ks = 2:10) {
  expect_s3_class(tree, "hclust")
  expect_lt(rel_diff(tree$height, ref$height), 1e-9)
  h <- ref$height
  n <- length(h) + 1L
  for (k in ks) {
    # with tied heights at the cut (integer data such as ruspini) the
    # partition into k clusters is not unique: skip those k
    if (abs(h[n - k + 1L] - h[n - k]) <= 1e-12 * abs(h[n - k])) next
    expect_true(same_partition(stats::cutree(tree, k), stats::cutree(ref, k)))
  }
}

test_that("heights, merges and order equal stats::hclust for every linkage", {
  set.seed(11)
  x <- matrix(rnorm(120 * 4), 120)
  for (linkage in all_linkages) {
    tree <- hierarchy(x, linkage, memory = "matrix", threads = 1, verbose = FALSE)
    ref <- stats::hclust(stats::dist(x), linkage)
    expect_same_tree(tree, ref)
    # without ties the whole tree is the same, including the leaf order
    expect_identical(tree$merge, ref$merge)
    expect_identical(tree$order, ref$order)
    expect_identical(tree$method, linkage)
  }
})

test_that("every linkage agrees with stats::hclust on USArrests and ruspini", {
  skip_if_not_installed("cluster")
  us <- scale(USArrests)
  ruspini <- cluster::ruspini
  for (linkage in all_linkages) {
    expect_same_tree(hierarchy(USArrests, linkage, standardize = TRUE, verbose = FALSE),
                     stats::hclust(stats::dist(us), linkage))
    expect_same_tree(hierarchy(ruspini, linkage, verbose = FALSE),
                     stats::hclust(stats::dist(ruspini), linkage))
  }
  tree <- hierarchy(USArrests, standardize = TRUE, verbose = FALSE)
  expect_identical(tree$labels, rownames(USArrests))
})

test_that("a dist object gives the same tree as stats::hclust", {
  set.seed(12)
  d <- stats::dist(matrix(runif(80 * 3), 80), "manhattan")
  for (linkage in all_linkages) {
    tree <- hierarchy(d, linkage, verbose = FALSE)
    ref <- stats::hclust(d, linkage)
    expect_same_tree(tree, ref)
    expect_identical(tree$merge, ref$merge)
    expect_identical(tree$dist.method, "manhattan")
  }
  # Manhattan distances computed in C++ give the same tree
  x <- matrix(runif(60 * 3), 60)
  expect_same_tree(hierarchy(x, "average", distance = "manhattan", verbose = FALSE),
                   stats::hclust(stats::dist(x, "manhattan"), "average"))
})

test_that("Gower distances agree with cluster::daisy", {
  skip_if_not_installed("cluster")
  set.seed(13)
  df <- data.frame(a = rnorm(40), b = factor(sample(letters[1:3], 40, TRUE)),
                   c = runif(40))
  tree <- hierarchy(df, "average", distance = "gower", verbose = FALSE)
  ref <- stats::hclust(cluster::daisy(df, "gower"), "average")
  expect_lt(rel_diff(sort(tree$height), sort(ref$height)), 1e-9)
})

test_that("the result works with cutree, as.dendrogram and plot", {
  tree <- hierarchy(USArrests[1:20, ], "complete", verbose = FALSE)
  expect_identical(tree$labels, rownames(USArrests)[1:20])
  dend <- stats::as.dendrogram(tree)
  expect_identical(attr(dend, "members"), 20L)
  expect_identical(labels(dend), rownames(USArrests)[1:20][tree$order])
  pdf(NULL)
  on.exit(grDevices::dev.off())
  expect_silent(plot(tree))
})

test_that("memory-light Ward equals stored-matrix Ward", {
  set.seed(15)
  x <- matrix(rnorm(400 * 5), 400)
  light <- hierarchy(x, memory = "light", verbose = FALSE)
  matrix <- hierarchy(x, memory = "matrix", verbose = FALSE)
  expect_identical(light$memory, "light")
  expect_identical(matrix$memory, "matrix")
  expect_lt(rel_diff(light$height, matrix$height), 1e-9)
  expect_identical(light$merge, matrix$merge)
  expect_identical(light$order, matrix$order)
  # weighted, too
  w <- runif(400, 0.5, 3)
  lw <- hierarchy(x, weights = w, memory = "light", verbose = FALSE)
  mw <- hierarchy(x, weights = w, memory = "matrix", verbose = FALSE)
  expect_lt(rel_diff(lw$height, mw$height), 1e-9)
  expect_identical(lw$merge, mw$merge)
  # auto: light for few items, the matrix for many
  expect_identical(hierarchy(x, verbose = FALSE)$memory, "light")
  many <- matrix(rnorm(30 * 40), 30)
  expect_identical(hierarchy(many, verbose = FALSE)$memory, "matrix")
  expect_identical(hierarchy(x, "average", verbose = FALSE)$memory, "matrix")
})

test_that("integer weights act like duplicated rows (Ward)", {
  set.seed(16)
  x <- matrix(rnorm(60 * 3), 60)
  w <- sample(1:3, 60, replace = TRUE)
  dup <- rep(seq_len(60), w)
  ref <- stats::hclust(stats::dist(x[dup, ]), "ward.D2")
  n_dup <- sum(w - 1)  # merges of duplicates, at height 0
  expect_true(all(ref$height[seq_len(n_dup)] < 1e-12))
  for (memory in c("light", "matrix")) {
    tree <- hierarchy(x, weights = w, memory = memory, verbose = FALSE)
    # the merges above the duplicates are the same merges at the same heights
    expect_lt(rel_diff(tree$height, ref$height[-seq_len(n_dup)]), 1e-9)
    for (k in 2:10) {
      expect_true(same_partition(stats::cutree(tree, k), stats::cutree(ref, k)[!duplicated(dup)]))
    }
    # ESS increases equal those of the duplicated data
    expect_equal(tree$ess_increase, ref$height[-seq_len(n_dup)]^2 / 2, tolerance = 1e-9)
  }
  # ward.D works on unsquared distances: same rule
  tree <- hierarchy(x, "ward.D", weights = w, verbose = FALSE)
  ref_d <- stats::hclust(stats::dist(x[dup, ]), "ward.D")
  expect_lt(rel_diff(tree$height, ref_d$height[-seq_len(n_dup)]), 1e-9)
})

test_that("weights are cluster sizes for average and centroid (stats' members)", {
  set.seed(17)
  x <- matrix(rnorm(50 * 3), 50)
  w <- runif(50, 0.5, 4)
  for (linkage in c("average", "centroid")) {
    tree <- hierarchy(x, linkage, weights = w, verbose = FALSE)
    expect_same_tree(tree, stats::hclust(stats::dist(x), linkage, members = w))
  }
  # linkages that ignore sizes give the unweighted tree
  for (linkage in c("single", "complete", "mcquitty", "median")) {
    expect_identical(hierarchy(x, linkage, weights = w, verbose = FALSE)$merge,
                     hierarchy(x, linkage, verbose = FALSE)$merge)
  }
})

test_that("1 and 2 threads give identical trees", {
  set.seed(18)
  x <- matrix(rnorm(300 * 4), 300)
  for (linkage in c("ward.D2", "average", "single", "centroid")) {
    one <- hierarchy(x, linkage, threads = 1, memory = "matrix", verbose = FALSE)
    two <- hierarchy(x, linkage, threads = 2, memory = "matrix", verbose = FALSE)
    expect_identical(one[c("merge", "height", "order")], two[c("merge", "height", "order")])
  }
  # the light sweeps split across threads above 2^17 centroid entries
  big <- matrix(rnorm(2000 * 80), 2000)
  one <- hierarchy(big, threads = 1, memory = "light", verbose = FALSE)
  two <- hierarchy(big, threads = 2, memory = "light", verbose = FALSE)
  expect_identical(one[c("merge", "height", "order")], two[c("merge", "height", "order")])
})

test_that("the agglomeration schedule is consistent", {
  tree <- hierarchy(USArrests, standardize = TRUE, verbose = FALSE)
  s <- agglomeration_schedule(tree)
  expect_s3_class(s, "typology_schedule")
  expect_identical(nrow(s), 49L)
  expect_identical(s$clusters, 49:1)
  expect_identical(s$size[49], 50L)
  expect_equal(s$ess_increase, tree$height^2 / 2, tolerance = 1e-10)
  # the total within-cluster sum of squares after the last merge is the total
  # sum of squares of the standardised items: (n - 1) * p
  expect_equal(s$within_ss[49], 49 * 4, tolerance = 1e-10)
  # within_ss at k clusters equals the within SS of cutree(k)
  z <- scale(USArrests)
  cl <- stats::cutree(tree, 4)
  wss <- sum(sapply(split(as.data.frame(z), cl), function(g) sum(scale(g, scale = FALSE)^2)))
  expect_equal(s$within_ss[s$clusters == 4], wss, tolerance = 1e-10)
  # next_step points to the merge that uses the new cluster
  for (i in 1:48) {
    expect_true(i %in% abs(unlist(tree$merge[s$next_step[i], ])))
  }
  # for other linkages: the ESS of the merge, computed from the data
  avg <- hierarchy(z, "average", verbose = FALSE)
  sa <- agglomeration_schedule(avg)
  expect_equal(sa$within_ss[sa$clusters == 3],
               sum(sapply(split(as.data.frame(z), stats::cutree(avg, 3)),
                          function(g) sum(scale(g, scale = FALSE)^2))),
               tolerance = 1e-10)
  # stats::hclust objects
  expect_equal(agglomeration_schedule(stats::hclust(stats::dist(z), "ward.D2"))$ess_increase,
               s$ess_increase, tolerance = 1e-10)
  expect_true(all(is.na(agglomeration_schedule(stats::hclust(stats::dist(z)))$ess_increase)))
})

test_that("print methods", {
  tree <- hierarchy(USArrests, standardize = TRUE, verbose = FALSE)
  expect_snapshot(print(agglomeration_schedule(tree), n = 6, digits = 4))
  small <- hierarchy(matrix(c(0, 1, 3, 7), 4), verbose = FALSE)
  expect_snapshot(print(agglomeration_schedule(small)))
})

test_that("hand-checked small tree", {
  # points 0, 1, 3, 7 on a line
  x <- matrix(c(0, 1, 3, 7), 4)
  single <- hierarchy(x, "single", verbose = FALSE)
  expect_identical(single$merge, matrix(c(-1L, -3L, -4L, -2L, 1L, 2L), 3))
  expect_equal(single$height, c(1, 2, 4))
  expect_identical(single$order, c(4L, 3L, 1L, 2L))
  ward <- hierarchy(x, verbose = FALSE)
  # {0,1}: ESS 0.5; {0,1,3}: ESS increase 2 * 1 / 3 * (3 - 0.5)^2 = 25/6;
  # then 3 * 1 / 4 * (7 - 4/3)^2 = 289/12
  expect_equal(ward$ess_increase, c(0.5, 25 / 6, 289 / 12))
  expect_equal(ward$height, sqrt(2 * c(0.5, 25 / 6, 289 / 12)))
})

test_that("bad input gets classed errors", {
  x <- matrix(rnorm(20), 10)
  na <- x
  na[3, 2] <- NA
  inf <- x
  inf[4, 1] <- Inf
  expect_snapshot(hierarchy(na), error = TRUE)
  expect_error(hierarchy(na), class = "typfrage_error_input")
  expect_error(hierarchy(inf), class = "typfrage_error_missing")
  expect_snapshot(hierarchy(x[1, , drop = FALSE]), error = TRUE)
  expect_error(hierarchy(x[1, , drop = FALSE]), class = "typfrage_error_input")
  expect_snapshot(hierarchy(x, "ward"), error = TRUE)
  expect_error(hierarchy(x, "ward"), class = "typfrage_error_input")
  expect_snapshot(hierarchy(x, weights = c(1, 2, 0, rep(1, 7))), error = TRUE)
  expect_error(hierarchy(x, weights = c(1, -2, rep(1, 8))), class = "typfrage_error_input")
  expect_error(hierarchy(x, weights = 1:3), class = "typfrage_error_input")
  expect_snapshot(hierarchy(x, "average", memory = "light"), error = TRUE)
  expect_error(hierarchy(x, memory = "none"), class = "typfrage_error_input")
  expect_error(hierarchy(x, distance = "cosine"), class = "typfrage_error_input")
  d <- stats::dist(x)
  expect_snapshot(hierarchy(d, standardize = TRUE), error = TRUE)
  expect_error(hierarchy(d, memory = "light"), class = "typfrage_error_input")
  d[5] <- NA
  expect_error(hierarchy(d), class = "typfrage_error_missing")
  expect_error(hierarchy(stats::dist(1)), class = "typfrage_error_input")
  expect_error(hierarchy("a"), class = "typfrage_error_input")
  expect_snapshot(agglomeration_schedule(1:3), error = TRUE)
})

test_that("na_action = \"omit\" drops incomplete rows and labels the rest", {
  x <- as.matrix(USArrests[1:12, ])
  x[c(2, 5), 1] <- NA
  tree <- hierarchy(x, na_action = "omit", verbose = FALSE)
  ref <- stats::hclust(stats::dist(x[-c(2, 5), ]), "ward.D2")
  expect_same_tree(tree, ref, ks = 2:5)
  expect_identical(tree$labels, rownames(x)[-c(2, 5)])
  unnamed <- unname(x)
  expect_identical(hierarchy(unnamed, na_action = "omit", verbose = FALSE)$labels,
                   as.character(c(1, 3, 4, 6:12)))
})

test_that("Ward's types are the cut of Ward's tree, as stats::cutree", {
  # (the cut itself, also with height inversions: cpptests/test_match_tree.cpp)
  set.seed(14)
  x <- matrix(rnorm(70 * 2), 70)
  for (k in c(2, 5, 9)) {
    fw <- typology(x, k, method = "ward")
    expect_equal(agreement(fw$cluster, stats::cutree(fw$tree, k))$ari, 1)
  }
})
