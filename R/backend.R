# The one block runner of every resampling verb (scan_k()'s gap statistic and
# prediction strength, gap_statistic(), prediction_strength(), stability(),
# lca_blrt(), short_form()'s cross-validation folds).
#
# Replicate b of a run always uses the core's engine Rng(seed, b) (resample.hpp,
# run_block()), so a run can be cut into contiguous blocks [first, first +
# count), each computed anywhere, and the blocks combined in replicate order
# give the whole run to the last bit. With backend = "threads" the run is one
# block in this session (`threads` threads, the core's progress bar); with
# backend = "future" it is one block per worker of the current future plan.

# The backend argument; "future" needs the future package (need_package()'s
# classed error says what to install).
check_backend <- function(backend, call = rlang::caller_env()) {
  backend <- check_choice(backend, c("threads", "future"), arg = "backend", call = call)
  if (backend == "future") {
    need_package("future", "to run replicates with backend = \"future\"", call = call,
                 available = future_available)
  }
  backend
}

future_available <- function() package_available("future")  # R/predict-chunked.R

# Contiguous blocks of replicates for `workers` workers: at most B blocks of
# sizes differing by at most one, in replicate order (1-based `first`).
# A plan without a limit on its workers (Inf) gets
# getOption("typfrage.future_blocks", 100) blocks.
replicate_blocks <- function(B, workers) {
  if (!is.finite(workers)) workers <- getOption("typfrage.future_blocks", 100L)
  workers <- as.integer(max(1L, min(workers, B)))
  count <- rep(B %/% workers, workers) +
    c(rep(1L, B %% workers), rep(0L, workers - B %% workers))
  first <- cumsum(c(1L, count))[seq_len(workers)]
  data.frame(first = as.integer(first), count = as.integer(count))
}

# Runs replicates 1..B through `run(first, count, threads, verbose)` (a
# function of the block only; its environment travels to the workers) and
# binds the blocks in order with `combine(list of blocks)`.
run_blocks <- function(B, run, combine, backend = "threads", threads = 1L,
                       verbose = FALSE, label = "Resampling") {
  B <- as.integer(B)
  if (identical(backend, "threads")) {
    return(combine(list(run(1L, B, threads, verbose))))
  }
  blocks <- replicate_blocks(B, future::nbrOfWorkers())
  collect <- function(step) {
    futures <- lapply(seq_len(nrow(blocks)), function(i) {
      first <- blocks$first[i]
      count <- blocks$count[i]
      future::future(run(first, count, threads, FALSE), packages = "typfrage",
                     globals = list(run = run, first = first, count = count,
                                    threads = threads),
                     seed = NULL, label = sprintf("typfrage-%s-%d", label, i))
    })
    out <- vector("list", length(futures))
    pending <- seq_along(futures)
    while (length(pending)) {
      done <- pending[vapply(futures[pending], future::resolved, logical(1))]
      for (i in done) {
        out[[i]] <- future::value(futures[[i]])
        step(blocks$count[i])
      }
      pending <- setdiff(pending, done)
      if (length(pending)) Sys.sleep(0.02)
    }
    out
  }
  combine(with_block_progress(collect, B, verbose, label))
}

# Progress of the blocks as they come back: through progressr when it is
# installed (the user's handlers, ?progressr::handlers), else a cli bar.
with_block_progress <- function(collect, B, verbose, label) {
  if (!verbose) return(collect(function(n) NULL))
  if (requireNamespace("progressr", quietly = TRUE)) {
    return(progressr::with_progress({
      p <- progressr::progressor(steps = B)
      collect(function(n) p(amount = n, message = label))
    }, enable = TRUE))
  }
  bar <- cli::cli_progress_bar(label, total = B, .envir = environment())
  collect(function(n) cli::cli_progress_update(inc = n, id = bar))
}

# Rows of the replicate matrices of all blocks, in replicate order.
bind_block_rows <- function(blocks) do.call(rbind, blocks)
