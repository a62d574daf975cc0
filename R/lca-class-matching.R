# Matching the classes of two latent class fits (lca_covariates(), the
# one-step model against the measurement model; the three-step simulation).

# The permutation of classes maximising the summed overlap (all permutations
# up to k = 7, else greedy): perm[c] is the column of `overlap`'s rows
# matched to column c.
lca_match_classes <- function(overlap) {
  k <- ncol(overlap)
  if (k <= 7L) {
    perms <- lca_permutations(k)
    score <- apply(perms, 1, function(p) sum(overlap[cbind(p, seq_len(k))]))
    return(perms[which.max(score), ])
  }
  perm <- integer(k)
  o <- overlap
  for (s in seq_len(k)) {
    at <- which(o == max(o), arr.ind = TRUE)[1, ]
    perm[at[2]] <- at[1]
    o[at[1], ] <- -Inf
    o[, at[2]] <- -Inf
  }
  perm
}

lca_permutations <- function(k) {
  if (k == 1L) return(matrix(1L, 1, 1))
  sub <- lca_permutations(k - 1L)
  do.call(rbind, lapply(seq_len(k), function(i) cbind(i, matrix(setdiff(seq_len(k), i)[sub], nrow(sub)))))
}

# Linear map of the class-major coefficients (types 2..k, q each) when the
# classes are permuted (new class c = old class perm[c]) and re-expressed
# against the new class 1.
lca_rebase_map <- function(perm, q) {
  k <- length(perm)
  L <- matrix(0, q * (k - 1), q * (k - 1))
  for (cn in 2:k) for (l in seq_len(q)) {
    row <- (cn - 2) * q + l
    if (perm[cn] != 1L) L[row, (perm[cn] - 2) * q + l] <- L[row, (perm[cn] - 2) * q + l] + 1
    if (perm[1] != 1L) L[row, (perm[1] - 2) * q + l] <- L[row, (perm[1] - 2) * q + l] - 1
  }
  L
}
