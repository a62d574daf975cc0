# course_data() and course_materials(): the variants have their twists, and
# the materials are written in both languages with labelled SPSS/Stata data.

test_that("the course variants have the twists their exercises rely on", {
  v <- course_data()
  expect_named(v, c("kommunen", "noisy", "unstable", "ambiguous", "gaps"))
  expect_identical(v$kommunen[names(kommunen)], kommunen)
  expect_identical(as.vector(table(v$unstable$type)), c(165L, 123L, 103L, 21L))
  # gaps: 9 = no answer only in the three items, mostly Community Manager
  items <- kommunen_items$variable
  nines <- v$gaps[items] == 9
  expect_setequal(items[colSums(nines) > 0], c("goal_efficiency", "goal_admin_data", "goal_it_security"))
  share <- tapply(rowSums(nines) > 0, v$gaps$type, mean)
  expect_gt(share[["Community Manager"]], 0.7)
  expect_lt(max(share[names(share) != "Community Manager"]), 0.2)
  # the same data on every call, the session's RNG untouched
  set.seed(3); before <- .Random.seed
  expect_identical(course_data("gaps"), v$gaps)
  expect_identical(.Random.seed, before)
  expect_error(course_data("gap"), class = "typfrage_error_input")
})

test_that("course_materials() writes csv, sav and dta with labels", {
  skip_if_not_installed("haven")
  dir <- withr::local_tempdir()
  files <- course_materials(dir, lang = "de", versions = character(),
                            variants = c("gaps", "unstable"), quiet = TRUE)
  expect_setequal(files$what, c("gaps", "unstable", "codebook"))
  expect_true(all(file.exists(files$path)))
  sav <- haven::read_sav(file.path(dir, "data", "gaps.sav"), user_na = TRUE)
  expect_identical(attr(sav$goal_admin_data, "label"), "Nutzung von Verwaltungsdaten")
  expect_identical(attr(sav$kind, "label"), "Art der Kommune")
  expect_equal(unname(attr(sav$goal_admin_data, "labels")), c(1, 5, 9))
  expect_identical(names(attr(sav$goal_admin_data, "labels"))[3], "keine Angabe")
  expect_equal(attr(sav$goal_admin_data, "na_values"), 9)
  expect_identical(names(attr(sav$type, "labels")), levels(kommunen$type))
  # typfrage reads the declared 9 as missing: the same fit as with NA
  g <- course_data("gaps")
  g[kommunen_items$variable][g[kommunen_items$variable] == 9] <- NA
  a <- typology(sav, k = 4, items = kommunen_items$variable, na_action = "available",
                seed = 1, nstart = 5, threads = 1)
  b <- typology(g, k = 4, items = kommunen_items$variable, na_action = "available",
                seed = 1, nstart = 5, threads = 1)
  expect_identical(a$cluster, b$cluster)
  dta <- haven::read_dta(file.path(dir, "data", "unstable.dta"))
  expect_identical(attr(dta$fibre, "label"), "Unterst\u00fctzt ein lokales Glasfasernetz")
  expect_identical(names(attr(dta$fibre, "labels")), c("nein", "ja"))
  csv <- utils::read.csv2(file.path(dir, "data", "unstable.csv"))
  expect_identical(nrow(csv), 412L)
  expect_identical(csv$fibre, as.integer(course_data("unstable")$fibre))
  book <- utils::read.csv2(file.path(dir, "data", "codebook.csv"))
  expect_identical(names(book), c("Variable", "Bezeichnung", "Werte"))
  # nothing is overwritten unasked
  expect_error(course_materials(dir, lang = "de", versions = character(), formats = "csv",
                                variants = "gaps", quiet = TRUE),
               class = "typfrage_error_exists")
  expect_error(course_materials(dir, formats = "xlsx"), class = "typfrage_error_input")
})

test_that("student and teacher versions differ by the solutions and notes", {
  skip_on_cran()
  skip_if_not_installed("rmarkdown")
  skip_if_not(rmarkdown::pandoc_available("1.14"), "pandoc is not installed")
  dir <- withr::local_tempdir()
  files <- course_materials(dir, lang = "en", formats = character(), quiet = TRUE)
  read <- function(what) paste(readLines(files$path[files$what == what], warn = FALSE,
                                         encoding = "UTF-8"), collapse = "\n")
  student <- read("student")
  teacher <- read("teacher")
  for (ex in 1:7) {
    expect_match(student, paste0("Exercise ", ex, "."), fixed = TRUE)
    expect_match(teacher, paste0("Exercise ", ex, "."), fixed = TRUE)
  }
  n_solutions <- lengths(regmatches(teacher, gregexpr('<div class="solution">', teacher)))
  expect_identical(n_solutions, 7L)
  expect_match(teacher, "Timing plan, session 2", fixed = TRUE)
  expect_false(grepl('<div class="solution">|<div class="teacher-note">|Timing plan', student))
  expect_false(grepl("almost four times as much", student, fixed = TRUE))
  expect_match(teacher, "almost four times as much", fixed = TRUE)
  expect_match(basename(files$path[files$what == "teacher"]), "teaching-teacher.html")
})
