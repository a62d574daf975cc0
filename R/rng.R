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
  # Two fixed, different 31-bit derivations of the user's seed.
  c(bitwAnd(s, .Machine$integer.max), bitwXor(bitwAnd(s, .Machine$integer.max), 0x5A5A5A5AL))
}
