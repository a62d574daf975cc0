# The data variants of the teaching unit: each a call of simulate_kommunen()
# with a known twist, so that every exercise has an answer that is not
# obvious and can be checked against the simulated truth.

#' The data variants of the teaching unit
#'
#' Synthetic data sets like [kommunen], each made by [simulate_kommunen()]
#' with one twist, for the exercises of the teaching vignette
#' (`vignette("teaching", package = "typfrage")`), its German twin and the
#' interactive tutorials. Every variant keeps the column `type`, the
#' **simulated true type**, so students can check how well a method recovers
#' it. The data are synthetic: the twists are made on purpose and say
#' nothing about German municipalities.
#'
#' The variants:
#' * `kommunen`: the shipped data ([kommunen]).
#' * `noisy`: `simulate_kommunen(noise = 1, seed = 11)`: more item noise,
#'   so the types overlap and the method matters (k-means recovers the
#'   types clearly better than Ward's tree cut at four types).
#' * `unstable`: `simulate_kommunen(shares = c(0.40, 0.30, 0.25, 0.05),
#'   seed = 12)`: the Community Manager are only 5 % (21 municipalities),
#'   and their type is the one that dissolves in the bootstrap.
#' * `ambiguous`: `simulate_kommunen(profiles = p, seed = 14)`, where `p` is
#'   [kommunen_profiles] with the Serviceorientierte and the Community
#'   Manager giving each other's three goals 3.4 instead of 2.8: the two
#'   types are closer, and the indices of [scan_k()] disagree between two,
#'   three and four types.
#' * `gaps`: `simulate_kommunen(seed = 15)` with answers missing not at
#'   random: half of the Community Manager (and 4 % of the others) did not
#'   answer each of the goals efficiency, use of administrative data and IT
#'   security, coded **9 = "no answer"** as in many survey exports. Treated
#'   as a number, 9 makes types of its own; dropping incomplete rows
#'   (`na_action = "omit"`) loses most Community Manager.
#'
#' @param variant `NULL` (all variants, as a named list) or the name of one
#'   variant.
#' @return A data frame (the columns of [kommunen]), or a named list of them.
#'   Each data frame has an attribute `"recipe"`, the call that made it.
#' @seealso [course_materials()] to write the variants as CSV, SPSS and
#'   Stata files together with student and teacher versions of the unit.
#' @export
#' @examples
#' gaps <- course_data("gaps")
#' table(gaps$goal_admin_data)
#' names(course_data())
course_data <- function(variant = NULL) {
  recipes <- course_recipes()
  if (is.null(variant)) return(lapply(recipes, make_variant))
  variant <- check_choice(variant, names(recipes))
  make_variant(recipes[[variant]])
}

# The recipes of the variants: the call (as shown to users) and the function
# that makes it.
course_recipes <- function() {
  list(
    kommunen = list(
      recipe = "kommunen",
      make = function() typfrage::kommunen
    ),
    noisy = list(
      recipe = "simulate_kommunen(noise = 1, seed = 11)",
      make = function() simulate_kommunen(noise = 1, seed = 11)
    ),
    unstable = list(
      recipe = "simulate_kommunen(shares = c(0.40, 0.30, 0.25, 0.05), seed = 12)",
      make = function() simulate_kommunen(shares = c(0.40, 0.30, 0.25, 0.05), seed = 12)
    ),
    ambiguous = list(
      recipe = "simulate_kommunen(profiles = <closer Serviceorientierte and Community Manager>, seed = 14)",
      make = function() simulate_kommunen(profiles = ambiguous_profiles(), seed = 14)
    ),
    gaps = list(
      recipe = "simulate_kommunen(seed = 15) + code 9 = no answer (missing not at random)",
      make = function() add_no_answers(simulate_kommunen(seed = 15), seed = 15)
    )
  )
}

make_variant <- function(r) {
  d <- r$make()
  attr(d, "recipe") <- r$recipe
  d
}

# kommunen_profiles with the Serviceorientierte (row 3) and the Community
# Manager (row 4) rating each other's three goals 3.4.
ambiguous_profiles <- function(level = 3.4) {
  p <- kommunen_profiles
  p[3L, c("goal_public_services", "goal_community", "goal_participation")] <- level
  p[4L, c("goal_attractiveness", "goal_citizens", "goal_satisfaction")] <- level
  p
}

# The goals that municipalities of the `gaps` variant leave unanswered.
gap_items <- c("goal_efficiency", "goal_admin_data", "goal_it_security")

# Code 9 ("no answer") in `gap_items`: with probability `p_type` for the
# Community Manager, `p_other` for the rest, independently per item; drawn
# from a local generator (the session's RNG state is left untouched).
add_no_answers <- function(d, seed, p_type = 0.5, p_other = 0.04) {
  restore <- local_rng(seed)
  on.exit(restore(), add = TRUE)
  p <- ifelse(d$type == "Community Manager", p_type, p_other)
  for (v in gap_items) {
    miss <- stats::runif(nrow(d)) < p
    d[[v]][miss] <- 9L
  }
  d
}
