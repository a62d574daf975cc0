# Battery cases for the course materials (issue #25): same form as
# battery_cases() in test-battery.R.
battery_cases_course <- function() {
  case <- function(fun, label, expr, expect = "error") {
    list(fun = fun, label = label, expr = expr, expect = expect)
  }
  q <- quote
  list(
    case("course_data", "one variant", q(course_data("gaps")), "ok"),
    case("course_data", "unknown variant", q(course_data("bogus"))),
    case("course_data", "a number", q(course_data(1))),
    case("course_data", "two variants", q(course_data(c("gaps", "noisy")))),
    case("course_materials", "csv only", q(course_materials(tempfile("kurs"), versions = character(),
                                                            formats = "csv", variants = "gaps",
                                                            quiet = TRUE)), "ok"),
    case("course_materials", "dir a number", q(course_materials(1))),
    case("course_materials", "dir NA", q(course_materials(NA_character_))),
    case("course_materials", "unknown format", q(course_materials(tempfile(), formats = "xlsx"))),
    case("course_materials", "unknown version", q(course_materials(tempfile(), versions = "pupil"))),
    case("course_materials", "duplicated variant", q(course_materials(tempfile(), variants = c("gaps", "gaps")))),
    case("course_materials", "unknown language", q(course_materials(tempfile(), lang = "fr"))),
    case("course_materials", "overwrite NA", q(course_materials(tempfile(), overwrite = NA)))
  )
}
