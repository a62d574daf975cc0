# typology(method = "ward" / "ward_kmeans"): the two-step typology.

# The package's label rule applied to a reference partition: type 1 the
# largest, ties by first appearance.
relabel_by_size <- function(cl) {
  size <- tabulate(cl)
  ord <- order(-size, match(seq_along(size), cl))
  match(seq_along(size), ord)[cl]
}

ward_sets <- function() {
  sets <- list(usarrests = list(x = scale(USArrests), k = 4))
  if (requireNamespace("cluster", quietly = TRUE)) {
    sets$ruspini <- list(x = as.matrix(cluster::ruspini), k = 4)
  }
  kom <- as.matrix(kommunen[kommunen_items$variable])
  storage.mode(kom) <- "double"
  sets$kommunen <- list(x = kom, k = 4)
  sets
}

test_that("ward equals cutree(hclust(dist(x), 'ward.D2'), k) and keeps the tree", {
  us <- scale(USArrests)
  ref_tree <- stats::hclust(stats::dist(us), "ward.D2")
  for (k in 2:6) {
    fit <- typology(USArrests, k, method = "ward", standardize = TRUE, verbose = FALSE)
    ref <- stats::cutree(ref_tree, k)
    expect_equal(agreement(fit$cluster, ref)$ari, 1)
    expect_identical(fit$cluster, relabel_by_size(unname(ref)))
  }
  expect_s3_class(fit$tree, "hclust")
  expect_equal(fit$tree$height, ref_tree$height, tolerance = 1e-12)
  expect_identical(fit$tree$merge, ref_tree$merge)
  expect_identical(fit$tree$order, ref_tree$order)
  expect_identical(fit$tree$labels, rownames(USArrests))
  expect_equal(fit$tree$ess_increase, ref_tree$height^2 / 2, tolerance = 1e-10)
  # the same hclust object as hierarchy() builds
  h <- hierarchy(USArrests, standardize = TRUE, verbose = FALSE)
  expect_identical(fit$tree[setdiff(names(h), "call")], h[setdiff(names(h), "call")])
  skip_if_not_installed("cluster")
  fit <- typology(cluster::ruspini, 4, method = "ward", verbose = FALSE)
  ref <- stats::cutree(stats::hclust(stats::dist(cluster::ruspini), "ward.D2"), 4)
  expect_equal(agreement(fit$cluster, ref)$ari, 1)
  expect_identical(fit$cluster, relabel_by_size(unname(ref)))
})

test_that("ward centres are the type means and the objective the within SS", {
  fit <- typology(USArrests, 4, method = "ward", standardize = TRUE, verbose = FALSE)
  means <- rowsum(as.matrix(USArrests), fit$cluster) / as.vector(table(fit$cluster))
  expect_equal(unname(fit$centers), unname(means), tolerance = 1e-12)
  us <- scale(USArrests)
  zmeans <- rowsum(us, fit$cluster) / as.vector(table(fit$cluster))
  expect_equal(unname(fit$settings$prototypes), unname(zmeans), tolerance = 1e-12)
  wss <- vapply(1:4, function(j) sum(sweep(us[fit$cluster == j, , drop = FALSE], 2, zmeans[j, ])^2),
                numeric(1))
  expect_equal(fit$withinss, wss, tolerance = 1e-10)
  expect_equal(fit$tot_withinss, sum(wss), tolerance = 1e-10)
  expect_equal(fit$totss, sum(scale(us, scale = FALSE)^2), tolerance = 1e-10)
  expect_identical(fit$starts$iterations, 0L)
})

test_that("ward_kmeans is no worse than ward nor than stats::kmeans from the Ward centres", {
  for (nm in names(ward_sets())) {
    s <- ward_sets()[[nm]]
    w <- typology(s$x, s$k, method = "ward", verbose = FALSE)
    wk <- typology(s$x, s$k, method = "ward_kmeans", verbose = FALSE)
    expect_lte(wk$tot_withinss, w$tot_withinss * (1 + 1e-12))
    km <- stats::kmeans(s$x, centers = w$settings$prototypes, algorithm = "Hartigan-Wong",
                        iter.max = 100)
    expect_lte(wk$tot_withinss, km$tot.withinss * (1 + 1e-9))
    # a k-means local optimum: every row is nearest to its own centre
    expect_identical(predict(wk, s$x), wk$cluster)
  }
})

test_that("ward_kmeans recovers the kommunen types (ARI >= 0.8)", {
  fit <- typology(kommunen, 4, method = "ward_kmeans", items = kommunen_items$variable,
                  verbose = FALSE)
  expect_gte(agreement(fit$cluster, kommunen$type)$ari, 0.8)
})

test_that("integer weights act as duplicated rows", {
  x <- scale(USArrests)
  w <- rep(1:3, length.out = nrow(x))
  dup <- x[rep(seq_len(nrow(x)), w), ]
  first <- match(seq_len(nrow(x)), rep(seq_len(nrow(x)), w))
  for (method in c("ward", "ward_kmeans")) {
    fw <- typology(x, 4, method = method, weights = w, verbose = FALSE)
    fd <- typology(dup, 4, method = method, verbose = FALSE)
    expect_equal(agreement(fw$cluster, fd$cluster[first])$ari, 1)
    expect_identical(fw$cluster, fd$cluster[first])
    expect_equal(fw$tot_withinss, fd$tot_withinss, tolerance = 1e-10)
    expect_equal(unname(fw$centers), unname(fd$centers), tolerance = 1e-10)
  }
})

test_that("results do not depend on threads or the seed, and the seed is stored", {
  for (method in c("ward", "ward_kmeans")) {
    one <- typology(kommunen, 4, method = method, items = kommunen_items$variable,
                    threads = 1, seed = 1, verbose = FALSE)
    two <- typology(kommunen, 4, method = method, items = kommunen_items$variable,
                    threads = 2, seed = 1, verbose = FALSE)
    one$call <- two$call <- NULL
    expect_identical(one, two)
    again <- typology(kommunen, 4, method = method, items = kommunen_items$variable,
                      threads = 2, seed = 1, verbose = FALSE)
    again$call <- NULL
    expect_identical(again, two)
    other <- typology(kommunen, 4, method = method, items = kommunen_items$variable,
                      seed = 2, verbose = FALSE)
    expect_identical(other$cluster, one$cluster)
    expect_false(identical(other$seed, one$seed))
  }
  # the matrix and the memory-light tree give the same typology (> 32 items
  # uses the matrix, as hierarchy(memory = "auto"))
  set.seed(4)
  wide <- matrix(rnorm(80 * 40), 80)
  fit <- typology(wide, 3, method = "ward", verbose = FALSE)
  expect_identical(fit$tree$memory, "matrix")
  ref <- stats::cutree(stats::hclust(stats::dist(wide), "ward.D2"), 3)
  expect_equal(agreement(fit$cluster, ref)$ari, 1)
})

test_that("predict() gives a Ward type the fitted row nearest to it, and distances to the centres", {
  fit <- typology(USArrests, 4, method = "ward", standardize = TRUE, verbose = FALSE)
  z <- scale(USArrests)
  expect_identical(predict(fit, USArrests), fit$cluster)
  set.seed(1)
  new <- USArrests[1:10, ] + matrix(rnorm(40, sd = 2), 10)
  zn <- scale(new, attr(z, "scaled:center"), attr(z, "scaled:scale"))
  nn <- apply(as.matrix(stats::dist(rbind(zn, z)))[1:10, -(1:10)], 1, which.min)
  expect_identical(predict(fit, new, out_of_range = "allow"), fit$cluster[nn])
  d <- as.matrix(stats::dist(rbind(fit$settings$prototypes, z)))[-(1:4), 1:4]
  expect_equal(unname(predict(fit, USArrests, type = "distance")), unname(d))
  wk <- typology(USArrests, 4, method = "ward_kmeans", standardize = TRUE, verbose = FALSE)
  expect_identical(predict(wk, USArrests[c("Texas", "Vermont"), ]),
                   wk$cluster[match(c("Texas", "Vermont"), rownames(USArrests))])
})

test_that("stability() refits Ward + k-means through the dispatcher", {
  fit <- typology(USArrests, 4, method = "ward_kmeans", standardize = TRUE, verbose = FALSE)
  one <- stability(fit, B = 20, seed = 7, threads = 1, verbose = FALSE)
  two <- stability(fit, B = 20, seed = 7, threads = 2, verbose = FALSE)
  expect_s3_class(one, "typology_stability")
  expect_identical(one$jaccard, two$jaccard)
  expect_true(all(one$jaccard >= 0 & one$jaccard <= 1))
  # the replicate refit is the full-data fit when nothing is resampled away
  expect_gt(stats::median(one$ari), 0.5)
  w <- typology(USArrests, 4, method = "ward", standardize = TRUE, verbose = FALSE)
  expect_s3_class(stability(w, B = 5, seed = 1, verbose = FALSE), "typology_stability")
})

test_that("print, summary and glance of Ward typologies", {
  w <- typology(USArrests, 4, method = "ward", standardize = TRUE, seed = 1, verbose = FALSE)
  wk <- typology(USArrests, 4, method = "ward_kmeans", standardize = TRUE, seed = 1,
                 verbose = FALSE)
  expect_snapshot({
    w
    summary(wk)
  })
  g <- glance(wk)
  expect_equal(g$objective, wk$tot_withinss)
  expect_equal(g$betweenss, wk$totss - wk$tot_withinss)
})

test_that("the dendrogram plot builds without warnings and marks the types", {
  wk <- typology(USArrests, 4, method = "ward_kmeans", standardize = TRUE, verbose = FALSE)
  p <- autoplot(wk)
  expect_s3_class(p, "ggplot")
  expect_no_warning(b <- ggplot2::ggplot_build(p))
  # 4 segments per merge (two vertical, two horizontal halves)
  expect_equal(nrow(b$data[[1]]) + nrow(b$data[[2]]), 4 * 49)
  h <- sort(wk$tree$height)
  expect_equal(b$data[[3]]$yintercept, (h[46] + h[47]) / 2)
  # leaves coloured by the final (k-means) type
  seg <- dendrogram_segments(wk$tree, wk$cluster)
  leaf <- seg[seg$y == 0, ]
  leaf_rows <- wk$tree$order[leaf$x]
  expect_identical(leaf$type, wk$cluster[leaf_rows])
  expect_no_warning(ggplot2::ggplot_build(autoplot(wk, leaf_labels = FALSE)))
  expect_no_warning(ggplot2::ggplot_build(autoplot(wk, type = "profile")))
  # a typology without a tree: the profile plot by default
  km <- typology(USArrests, 3, standardize = TRUE, seed = 1, verbose = FALSE)
  expect_no_warning(b <- ggplot2::ggplot_build(autoplot(km)))
  expect_identical(autoplot(km)$labels, autoplot(profiles(km))$labels)
})

test_that("bad input gets classed errors", {
  bad <- USArrests
  bad[3, 2] <- NA
  expect_snapshot(error = TRUE, {
    typology(USArrests, 3, method = "ward", nstart = 5)
    typology(USArrests, 3, method = "ward_kmeans", distance = "manhattan")
    typology(USArrests, 3, method = "ward", distance = stats::dist(USArrests))
    typology(bad, 3, method = "ward")
    typology(USArrests[1, ], 1, method = "ward")
    typology(USArrests, 3, method = "ward", weights = c(0, rep(1, 49)))
    autoplot(typology(USArrests, 3, seed = 1, verbose = FALSE), type = "dendrogram")
  })
  expect_error(typology(USArrests, 3, method = "ward", nstart = 5),
               class = "typfrage_error_input")
  expect_error(typology(bad, 3, method = "ward_kmeans"), class = "typfrage_error_input")
  expect_error(autoplot(typology(USArrests, 3, seed = 1, verbose = FALSE), type = "dendrogram"),
               class = "typfrage_error_input")
})

test_that("the gap statistic refits the Ward methods through the dispatcher", {
  one <- gap_statistic(USArrests, k = 1:4, method = "ward_kmeans", B = 8, standardize = TRUE, d_power = 2,
                       seed = 1, threads = 1, verbose = FALSE)
  two <- gap_statistic(USArrests, k = 1:4, method = "ward_kmeans", B = 8, standardize = TRUE, d_power = 2,
                       seed = 1, threads = 2, verbose = FALSE)
  expect_identical(one$table, two$table)
  # log W at k = 4 is the log within SS of the full-data fit
  fit <- typology(USArrests, 4, method = "ward_kmeans", standardize = TRUE, verbose = FALSE)
  expect_equal(one$table$log_w[4], log(fit$tot_withinss / 2), tolerance = 1e-8)
})
