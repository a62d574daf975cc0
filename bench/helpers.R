# Benchmark helpers: medians of repeated timings, in one R process, and the
# table that run.R writes into bench/README.md.

time_median <- function(expr_fun, times = 5L, warmup = 1L) {
  for (i in seq_len(warmup)) expr_fun()
  t <- vapply(seq_len(times), function(i) {
    gc(FALSE)
    system.time(expr_fun())[["elapsed"]]
  }, numeric(1))
  stats::median(t)
}

# One benchmark row: typfrage vs a peer on the same task.
bench_row <- function(task, n, typfrage_fun, peer_name, peer_fun, times = 5L,
                      check = NULL) {
  t_ours <- time_median(typfrage_fun, times)
  t_peer <- time_median(peer_fun, times)
  note <- if (is.null(check)) "" else check()
  data.frame(task = task, n = format(n, big.mark = ",", scientific = FALSE),
             peer = peer_name,
             typfrage_s = signif(t_ours, 3), peer_s = signif(t_peer, 3),
             speedup = sprintf("%.1fx", t_peer / t_ours), check = note,
             stringsAsFactors = FALSE)
}
