# course_materials(): the teaching unit as a student version (no solutions)
# and a teacher version (solutions and timing notes), rendered from the one
# source in inst/course/ that the teaching vignettes include, and the data
# variants of course_data() as CSV, SPSS and Stata files.

#' Write course materials: student and teacher versions and the data
#'
#' Writes the teaching unit of `vignette("teaching", package = "typfrage")`
#' (two sessions of 90 minutes on cluster analysis with the synthetic
#' municipality data) into the folder `dir`, as
#' * a **student version** (exercises without solutions and without the
#'   teacher's notes),
#' * a **teacher version** (with the solutions, open, and the timing plan
#'   and notes for each block),
#'
#' both rendered from the same source as the vignettes (the files
#' `course/teaching-en.Rmd` and `course/teaching-de.Rmd` of the installed
#' package) to self-contained HTML, and the data variants of
#' [course_data()] in the folder `data`: CSV (German: semicolon-separated
#' with a decimal comma, as German spreadsheets expect), SPSS `.sav` with
#' variable and value labels (9 = "no answer" declared user-missing in the
#' goal items) and Stata `.dta` with variable and value labels, plus a
#' codebook (`codebook.csv`).
#'
#' Rendering runs every computation of the unit and takes about half a
#' minute per version.
#'
#' @param dir The folder to write to; created if it does not exist.
#' @param lang The language of the materials and of the data labels,
#'   `"en"` or `"de"`; `NULL` uses [typfrage_lang()].
#' @param versions Which versions to render: any of `"student"` and
#'   `"teacher"`, or none (`character()`). Rendering needs the packages
#'   \pkg{rmarkdown} and \pkg{knitr} and pandoc.
#' @param formats Which data formats to write: any of `"csv"`, `"sav"` and
#'   `"dta"` (the last two need \pkg{haven}), or none.
#' @param variants The data variants to write (names of [course_data()]).
#' @param overwrite Replace files that exist? With `FALSE` (the default) an
#'   existing file is an error, before anything is written.
#' @param quiet If `FALSE`, list the files written.
#' @return Invisibly, a data frame with one row per file written: `what`
#'   (`"student"`, `"teacher"`, a variant's name or `"codebook"`), `format`
#'   and `path`.
#' @seealso [course_data()] for the variants; `learnr::run_tutorial("teaching-en",
#'   package = "typfrage")` (or `"teaching-de"`) for the interactive tutorial.
#' @export
#' @examples
#' dir <- file.path(tempdir(), "kurs")
#' files <- course_materials(dir, lang = "de", versions = character(),
#'                           formats = "csv", variants = "gaps")
#' files
#' head(read.csv2(files$path[files$what == "gaps"]), 3)
course_materials <- function(dir, lang = NULL,
                             versions = c("student", "teacher"),
                             formats = c("csv", "sav", "dta"),
                             variants = c("kommunen", "noisy", "unstable", "ambiguous", "gaps"),
                             overwrite = FALSE, quiet = FALSE) {
  call <- rlang::current_env()
  if (!(is.character(dir) && length(dir) == 1L && !is.na(dir) && nzchar(dir))) {
    abort_input(c("{.arg dir} must be a folder name, a single string.",
                  x = "You supplied {.obj_type_friendly {dir}}."), call = call)
  }
  lang <- typfrage_lang(lang)
  versions <- check_subset(versions, c("student", "teacher"), call = call)
  formats <- check_subset(formats, c("csv", "sav", "dta"), call = call)
  variants <- check_subset(variants, names(course_recipes()), call = call)
  check_flag(overwrite, call = call)
  check_flag(quiet, call = call)
  check_course_tools(versions, formats, call = call)

  plan <- course_plan(dir, lang, versions, formats, variants)
  exists <- plan$path[file.exists(plan$path)]
  if (length(exists) && !overwrite) {
    abort_input(
      c("{cli::qty(length(exists))}{?A file/Files} to write already exist{?s/}.",
        x = "{.file {exists}}",
        i = "Use {.code overwrite = TRUE} to replace {cli::qty(length(exists))}{?it/them}, or another {.arg dir}."),
      class = "typfrage_error_exists", call = call
    )
  }
  for (d in unique(dirname(plan$path))) dir.create(d, recursive = TRUE, showWarnings = FALSE)

  for (i in seq_len(nrow(plan))) {
    row <- plan[i, ]
    if (row$what %in% c("student", "teacher")) {
      render_course(row$what, lang, row$path)
    } else if (row$what == "codebook") {
      write_course_table(course_codebook(lang), row$path, lang)
    } else {
      write_course_data(course_data(row$what), row$format, row$path, lang)
    }
    if (!quiet) cli::cat_line(tr("course_wrote", lang, row$path))
  }
  invisible(plan)
}

# Every file course_materials() writes: what, format, path.
course_plan <- function(dir, lang, versions, formats, variants) {
  docs <- data.frame(what = versions, format = rep("html", length(versions)),
                     path = character(length(versions)), stringsAsFactors = FALSE)
  if (length(versions)) {
    docs$path <- file.path(dir, paste0(vapply(paste0("course_file_", versions), tr, "",
                                              lang = lang), ".html"))
  }
  data <- expand.grid(format = formats, what = variants, stringsAsFactors = FALSE)
  data <- data.frame(what = data$what, format = data$format,
                     path = character(nrow(data)), stringsAsFactors = FALSE)
  if (nrow(data)) data$path <- file.path(dir, "data", paste0(data$what, ".", data$format))
  book <- if (length(formats) && length(variants)) {
    data.frame(what = "codebook", format = "csv",
               path = file.path(dir, "data", "codebook.csv"), stringsAsFactors = FALSE)
  }
  out <- rbind(docs, data, book)
  rownames(out) <- NULL
  out
}

# A subset of `choices` (possibly empty), each at most once.
check_subset <- function(x, choices, arg = rlang::caller_arg(x), call = rlang::caller_env()) {
  if (!is.character(x) || anyNA(x) || !all(x %in% choices) || anyDuplicated(x)) {
    bad <- if (is.character(x)) setdiff(x[!is.na(x)], choices)
    dup <- if (is.character(x)) unique(x[duplicated(x)])
    abort_input(
      c("{.arg {arg}} must hold some of {.val {choices}}, each at most once.",
        x = if (length(bad)) "Unknown: {.val {bad}}."
            else if (length(dup)) "Given more than once: {.val {dup}}."
            else "You supplied {.obj_type_friendly {x}}.",
        i = if (length(bad) && length(near <- near_names(bad, choices))) "Did you mean {.val {near}}?"),
      call = call
    )
  }
  x
}

check_course_tools <- function(versions, formats, call) {
  if (length(versions)) {
    for (p in c("rmarkdown", "knitr")) {
      if (!requireNamespace(p, quietly = TRUE)) {
        abort_input(c("Rendering the student and teacher versions needs the {.pkg {p}} package.",
                      i = "Install it with {.code install.packages(\"{p}\")}, or use {.code versions = character()}."),
                    call = call)
      }
    }
    if (!rmarkdown::pandoc_available("1.14")) {
      abort_input(c("Rendering the student and teacher versions needs pandoc.",
                    i = "Install pandoc (https://pandoc.org), or use {.code versions = character()}."),
                  call = call)
    }
  }
  if (any(formats %in% c("sav", "dta")) && !requireNamespace("haven", quietly = TRUE)) {
    abort_input(c("Writing SPSS and Stata files needs the {.pkg haven} package.",
                  i = "Install it with {.code install.packages(\"haven\")}, or use {.code formats = \"csv\"}."),
                call = call)
  }
}

# The path of the unit's source (inst/course/teaching-<lang>.Rmd).
course_source <- function(lang) {
  path <- system.file("course", paste0("teaching-", lang, ".Rmd"), package = "typfrage")
  if (!nzchar(path)) {
    abort_typfrage("The course source {.file course/teaching-{lang}.Rmd} is not installed.",
                   kind = "internal")
  }
  path
}

# Render the unit in `mode` ("student" or "teacher") to `path`, in a
# temporary folder (figures, knitr cache) and a fresh environment.
render_course <- function(mode, lang, path) {
  work <- tempfile("typfrage-course-")
  dir.create(work)
  on.exit(unlink(work, recursive = TRUE), add = TRUE)
  src <- file.path(work, paste0("teaching-", mode, ".Rmd"))
  writeLines(enc2utf8(c(
    "---",
    paste0("title: ", encodeString(tr(paste0("course_title_", mode), lang), quote = "\"")),
    paste0("lang: ", lang),
    "---",
    "",
    "```{r, include = FALSE}",
    "knitr::opts_chunk$set(collapse = TRUE, comment = \"#>\", fig.width = 6, fig.height = 4)",
    "```",
    "",
    paste0("```{r, child = ", encodeString(course_source(lang), quote = "\""), "}"),
    "```"
  )), src, useBytes = TRUE)
  env <- new.env(parent = globalenv())
  env$course_mode <- mode
  old <- options(typfrage.lang = lang, typfrage.threads = 1L, typfrage.verbose = FALSE)
  on.exit(options(old), add = TRUE)
  out <- rmarkdown::render(
    src, output_format = rmarkdown::html_document(toc = TRUE, toc_depth = 2),
    output_file = basename(path), output_dir = work, envir = env, quiet = TRUE,
    intermediates_dir = work
  )
  file.copy(out, path, overwrite = TRUE)
}

# The knitr hooks of the course source (its first chunk calls this): in
# `mode` "student" chunks with the option `solution` or `teacher = TRUE` are
# dropped; "vignette" folds the solutions into <details>, "teacher" shows
# them open; teacher's notes are boxed. `solution = "first"` / `"last"`
# open / close one solution made of several chunks.
course_hooks <- function(mode = "vignette", lang = "en") {
  label <- c(en = "Solution", de = "L\u00f6sung")[[lang]]
  knitr::opts_hooks$set(
    solution = function(options) {
      if (mode == "student" && !isFALSE(options$solution)) options$include <- FALSE
      options
    },
    teacher = function(options) {
      if (mode == "student" && isTRUE(options$teacher)) options$include <- FALSE
      options
    }
  )
  knitr::knit_hooks$set(
    solution = function(before, options) {
      v <- options$solution
      if (isFALSE(v) || mode == "student") return(NULL)
      opens <- isTRUE(v) || identical(v, "first")
      closes <- isTRUE(v) || identical(v, "last")
      if (before && opens) {
        if (mode == "vignette") paste0("\n<details><summary>", label, "</summary>\n\n")
        else paste0("\n<div class=\"solution\">\n\n**", label, ".**\n\n")
      } else if (!before && closes) {
        if (mode == "vignette") "\n\n</details>\n" else "\n\n</div>\n"
      }
    },
    teacher = function(before, options) {
      if (!isTRUE(options$teacher)) return(NULL)
      if (before) "\n<div class=\"teacher-note\">\n\n" else "\n\n</div>\n"
    }
  )
  invisible(mode)
}

# The answer checker of the learnr tutorials (their setup chunks call this):
# each -check chunk is one call of answer(ok, right, wrong), evaluated with
# `.result`, the value of the student's last line, after the code ran.
tutorial_checker <- function(lang = "en") {
  not_yet <- c(en = "Not yet:", de = "Noch nicht:")[[lang]]
  function(label, user_code, solution_code, check_code, envir_result,
           evaluate_result, envir_prep, last_value, stage, ...) {
    if (!identical(stage, "check") || !length(check_code) ||
        !nzchar(paste(check_code, collapse = ""))) {
      return(NULL)
    }
    env <- new.env(parent = if (is.environment(envir_result)) envir_result else globalenv())
    env$.result <- last_value
    res <- tryCatch(eval(parse(text = check_code), env),
                    error = function(e) list(correct = FALSE,
                                             message = paste(not_yet, conditionMessage(e))))
    list(message = res$message, correct = isTRUE(res$correct),
         type = if (isTRUE(res$correct)) "success" else "error", location = "append")
  }
}
