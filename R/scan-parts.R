# The pieces of scan_k() (R/scan_k.R): the partitions for every k and the
# rows of the index table each family of indices adds. `ctx` is the list
# scan_k() builds: x (prepared data), n, ks, clusters (n x length(ks)),
# settings and w (of the fit with one type), threads, verbose, env (the
# user's call, for errors).

# The index names, checked against the method (latent class criteria only for
# latent class scans, distance-based indices only for the others).
check_scan_indices <- function(indices, lca, weights, call) {
  indices <- check_index_names(indices, names(scan_index_labels), call = call)
  check_extra_weights(intersect(indices, extra_index_table$index), weights, call)
  wrong <- if (lca) setdiff(indices, scan_lca_indices) else intersect(indices, scan_lca_indices)
  if (length(wrong)) {
    abort_input(
      if (lca) {
        c("A latent class scan reports the model's information criteria, not distance-based indices.",
          x = "{.arg indices} contains {.val {wrong}}.",
          i = "Choose from {.val {scan_lca_indices}}.")
      } else {
        c("{.val {wrong}} {cli::qty(length(wrong))}{?is a criterion/are criteria} of latent class models.",
          i = "Use {.code method = \"lca\"}, or choose from {.val {setdiff(names(scan_index_labels), c(scan_lca_indices, extra_index_table$index))}}.")
      },
      call = call
    )
  }
  indices
}

# An index's requirement: `ok`, else an input error with the problem and the fix.
scan_require <- function(ok, problem, fix, call, class = NULL, .envir = parent.frame()) {
  if (!ok) abort_input(c(problem, i = fix), class = class, call = call, .envir = .envir)
  invisible(ok)
}

# The partitions (1-based, largest type first) for every k of `ks`: one call
# of the core's multi-k fit (cpp_fit_ks(), as gap_statistic()), fit j with
# seed stream j. Latent class models, data with missing items and stored
# distances go through typology() for every k (the latent class criteria are
# read from those fits; missing answers have their own fits).
scan_partitions <- function(first, ks, material, threads, verbose, data, method, items,
                            standardize, weights, ...) {
  x <- typology_matrix(first)
  st <- first$settings
  w <- first$weights
  if (!identical(method, "lca") && !anyNA(x) && !identical(st$distance, "stored")) {
    spec <- fit_spec(method, st$nstart, st$max_iter, st$distance, st$gower)
    parts <- cpp_fit_ks(x, ks, spec, if (is.null(w)) numeric() else as.double(w),
                        material, threads, verbose)
    parts <- Map(function(cl, kk) relabel_by_size(cl, kk, w), parts, ks)
    return(list(parts = stats::setNames(parts, ks), fits = NULL))
  }
  fits <- lapply(ks, function(kk) {
    if (kk == 1L) return(first)
    if (verbose) cli::cli_inform("Fitting k = {kk}")
    typology(data, k = kk, method = method, items = items, standardize = standardize,
             weights = weights, seed = material[1], threads = threads, verbose = FALSE, ...)
  })
  parts <- lapply(fits, function(f) as.integer(f$cluster[f$rows]))
  list(parts = stats::setNames(parts, ks), fits = fits)
}

# Codes 1..k numbered by (weighted) size, largest first, ties by first
# appearance: the order of typology()'s types.
relabel_by_size <- function(cl, k, w = NULL) {
  size <- type_weights(if (is.null(w)) rep(1, length(cl)) else w, cl, k)
  ord <- order(-size, match(seq_len(k), cl))
  match(seq_len(k), ord)[cl]
}

scan_distance <- function(ctx) {
  if (identical(ctx$settings$distance, "stored")) "euclidean" else ctx$settings$distance
}

scan_gower <- function(ctx) {
  if (identical(scan_distance(ctx), "gower")) ctx$settings$gower
  else list(range = numeric(), nominal = logical())
}

scan_rows <- function(index, k, value, se = NA_real_) {
  data.frame(index = index, k = k, value = value, se = se, stringsAsFactors = FALSE)
}

# The index table in the order of scan_index_labels, then by k.
scan_table <- function(rows) {
  tab <- do.call(rbind, rows)
  tab$index <- factor(tab$index, levels = names(scan_index_labels))
  tab <- tab[order(tab$index, tab$k), ]
  tab$index <- as.character(tab$index)
  rownames(tab) <- NULL
  tab
}

# The internal indices of every data partition (k = 1 only for wss).
scan_internal_rows <- function(ctx, indices) {
  internal <- intersect(indices, c("wss", "pve", "silhouette", "ch", "db", "dunn"))
  if (!length(internal)) return(NULL)
  pair_indices <- intersect(internal, c("silhouette", "dunn"))
  scan_require(!(length(pair_indices) && identical(ctx$settings$distance, "stored")),
               "Silhouettes and Dunn's index need the data's distances.",
               "Drop {.val {pair_indices}} from {.arg indices}, or fit on the items with {.arg distance}.",
               ctx$env)
  kk_all <- sort(unique(c(if ("wss" %in% internal) 1L, ctx$ks)))
  vals <- lapply(kk_all, function(kk) {
    cl <- if (kk == 1L) rep(1L, ctx$n) else ctx$clusters[, as.character(kk)]
    partition_indices(ctx$x, cl, kk, index_weights(ctx$w), scan_distance(ctx), scan_gower(ctx),
                      if (kk == 1L) "wss" else internal, ctx$threads, ctx$verbose)$values
  })
  do.call(rbind, lapply(internal, function(idx) {
    keep <- if (idx == "wss") kk_all else kk_all[kk_all %in% ctx$ks]
    scan_rows(idx, keep, vapply(keep, function(kk) vals[[match(kk, kk_all)]][[idx]], numeric(1)))
  }))
}

# Latent class criteria, read from the typology() fits (k = 1 included, so
# the information criteria can say "no types").
scan_lca_rows <- function(first, fits, ks, indices) {
  lca_idx <- intersect(indices, scan_lca_indices)
  lks <- sort(unique(c(1L, ks)))
  lfits <- lapply(lks, function(kk) if (kk %in% ks) fits[[match(kk, ks)]] else first)
  crit <- lca_scan_criteria(lfits) # R/lca-blrt.R: one row per k
  do.call(rbind, lapply(lca_idx, function(idx) scan_rows(idx, lks, crit[[idx]])))
}

# The Ward agglomeration schedule of the same (prepared) data: rows and the
# k before the largest jump.
scan_schedule_rows <- function(ctx, indices) {
  if (!("schedule" %in% indices)) return(list(rows = NULL, k = NA_integer_))
  distance <- ctx$settings$distance
  scan_require(identical(distance, "euclidean"),
               c("The agglomeration schedule needs Euclidean distances on the items.",
                 x = "The typologies use {.val {distance}}."),
               "Drop {.val schedule} from {.arg indices}, or fit with {.code distance = \"euclidean\"}.",
               ctx$env)
  scan_require(!anyNA(ctx$x), "The agglomeration schedule needs complete data.",
               "Drop {.val schedule} from {.arg indices}, or use {.code na_action = \"omit\"}.",
               ctx$env)
  tree <- hierarchy(ctx$x, linkage = "ward.D2", weights = ctx$w, threads = ctx$threads,
                    verbose = ctx$verbose)
  sched <- agglomeration_schedule(tree)
  # increase of the merge from k + 1 to k clusters, for k = 1, ..., n - 1
  inc <- sched$ess_increase[match(seq_len(ctx$n - 1L), sched$clusters)]
  list(rows = scan_rows("schedule", ctx$ks, inc[ctx$ks]), k = schedule_jump_k(ctx$ks, inc))
}

# The gap statistic and prediction strength: the refits of gap_statistic()
# and prediction_strength() (same starts, same block runner).
scan_resampling_rows <- function(ctx, indices, B, gap_rule, material, backend) {
  resampling <- intersect(indices, c("gap", "ps"))
  if (!length(resampling)) return(list(rows = NULL, gap = NULL))
  scan_require(!anyNA(ctx$x),
               "The gap statistic and prediction strength need complete data.",
               "Drop {.val {resampling}} from {.arg indices}, or use {.code na_action = \"omit\"}.",
               ctx$env, class = "typfrage_error_missing")
  st <- ctx$settings
  # refits run `threads` at a time, each within its share of the memory limit
  spec <- fit_spec(ctx$method, st$nstart, st$max_iter, scan_distance(ctx), scan_gower(ctx),
                   max_matrix_bytes = max_dist_bytes() / ctx$threads)
  rks <- sort(unique(c(1L, ctx$ks)))
  out <- list(rows = list(), gap = NULL)
  if ("gap" %in% indices) {
    parts <- lapply(rks, function(kk) if (kk == 1L) rep(1L, ctx$n) else ctx$clusters[, as.character(kk)])
    out$gap <- gap_from_partitions(ctx$x, rks, parts, spec, B, "scaledPCA", 1, gap_rule, 1,
                                   seed_offset(material, 1L), ctx$threads, ctx$verbose, backend)
    out$rows$gap <- scan_rows("gap", rks, out$gap$table$gap, out$gap$table$se)
  }
  if ("ps" %in% indices) {
    ps <- new_typology_ps(ps_replicates(ctx$x, rks, B, spec, seed_offset(material, 2L),
                                        ctx$threads, ctx$verbose, backend),
                          rks, 0.8, spec, material)$table
    ps <- ps[ps$k %in% ctx$ks, , drop = FALSE]
    out$rows$ps <- scan_rows("ps", ps$k, ps$ps, ps$se)
  }
  out
}
