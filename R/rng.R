# Seed material for the C++ core.
#
# `seed = NULL`: two integers are drawn from R's RNG (so `set.seed()` before the
# call reproduces it, and the RNG stream advances as for any random function).
# `seed = <whole number>`: the material is derived from it without touching R's
# RNG state. Either way the core gives work item i (a start, a replicate) an
# engine seeded from (material, i), so results do not depend on threads.

resolve_seed <- function(seed = NULL, arg = rlang::caller_arg(seed),
                         call = rlang::caller_env()) {
  if (is.null(seed)) {
    return(sample.int(.Machine$integer.max, 2L) - 1L)
  }
  if (!is.numeric(seed) || length(seed) != 1L || is.na(seed) ||
      seed != trunc(seed) || abs(seed) > .Machine$integer.max) {
    abort_input(
      c("{.arg {arg}} must be `NULL` or a single whole number.",
        x = "You supplied {.obj_type_friendly {seed}}."),
      call = call
    )
  }
  s <- as.integer(seed)
  # Two fixed, different 31-bit derivations of the user's seed. The low 31
  # bits alone map -1 and 2147483647 (and every negative seed s and
  # s + 2^31) to the same material, so the second word of a negative seed
  # uses another constant: distinct seeds give distinct material, and the
  # material of seeds >= 0 is unchanged.
  lo <- bitwAnd(s, .Machine$integer.max)
  c(lo, bitwXor(lo, if (s < 0L) 0x25A5A5A5L else 0x5A5A5A5AL))
}
