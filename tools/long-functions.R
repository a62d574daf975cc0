# Lists the functions longer than a limit (default 80 lines, from the first
# line of the definition to its closing brace) in R/, src/ and inst/include/,
# and the R files longer than 400 lines. Generated code (RcppExports) is left
# out. Exits with status 1 when it lists anything, so it works as a check:
#
#   Rscript tools/long-functions.R          # from the package's top folder
#   Rscript tools/long-functions.R 60       # another limit
#
# R: every file is parse()d; a top-level `name <- function(...)` (or `=`)
# counts from its first to its last source line.
# C++: comments, string and character literals are blanked, then a brace scan
# walks the namespace, struct and class scopes; a `{` there whose head (the
# text since the last `;`, `{` or `}`) holds a parameter list opens a function
# body, counted from the head's first line to the matching `}`.

long_r_functions <- function(file, limit) {
  exprs <- parse(file, keep.source = TRUE)
  refs <- attr(exprs, "srcref")
  out <- list()
  for (i in seq_along(exprs)) {
    e <- exprs[[i]]
    is_def <- is.call(e) && as.character(e[[1]]) %in% c("<-", "=") &&
      is.call(e[[3]]) && identical(e[[3]][[1]], as.name("function"))
    if (!is_def) next
    n <- refs[[i]][3] - refs[[i]][1] + 1
    if (n > limit) {
      out[[length(out) + 1]] <- data.frame(
        file = file, line = refs[[i]][1], name = deparse(e[[2]]), lines = n
      )
    }
  }
  do.call(rbind, out)
}

# The source with comments, literals and preprocessor lines replaced by
# blanks (newlines kept, so line numbers stay), as a vector of characters.
blank_cpp <- function(text) {
  pattern <- paste0(
    "//[^\n]*|/\\*[\\s\\S]*?\\*/|\"(?:\\\\.|[^\"\\\\\n])*\"|",
    "'(?:\\\\.|[^'\\\\\n])*'|(?m)^[ \t]*#(?:[^\n]*\\\\\n)*[^\n]*"
  )
  m <- gregexpr(pattern, text, perl = TRUE)
  regmatches(text, m) <- list(gsub("[^\n]", " ", regmatches(text, m)[[1]]))
  strsplit(text, "")[[1]]
}

# Index of the `}` matching the `{` at marks[i] (marks: positions of the
# braces and semicolons, chars: what stands there).
match_brace <- function(chars, i) {
  depth <- cumsum(ifelse(chars[i:length(chars)] == "{", 1,
                         ifelse(chars[i:length(chars)] == "}", -1, 0)))
  i - 1 + which(depth == 0)[1]
}

# What a `{` opens, from the text before it: a scope, a function body or
# something else (an initialiser, an enum).
classify_head <- function(head) {
  h <- trimws(gsub("\\s+", " ", head))
  h <- sub("^template ?<.*?> ?", "", h, perl = TRUE)
  if (grepl("^(inline )?(namespace|extern)\\b", h)) return("scope")
  if (grepl("^(struct|class|union)\\b", h) && !grepl("\\)", h)) return("scope")
  if (!grepl("\\(", h)) return("other")
  outside <- h
  repeat {
    shorter <- gsub("\\([^()]*\\)", "", outside)
    if (identical(shorter, outside)) break
    outside <- shorter
  }
  if (grepl("=", gsub("operator ?[^ ]*", "", outside))) return("other")
  "function"
}

long_cpp_functions <- function(file, limit) {
  text <- paste(readLines(file, warn = FALSE), collapse = "\n")
  ch <- blank_cpp(text)
  line_of <- cumsum(ch == "\n") + 1
  marks <- which(ch %in% c("{", "}", ";"))
  chars <- ch[marks]
  out <- list()
  head_start <- 1
  i <- 1
  while (i <= length(marks)) {
    if (chars[i] == "{") {
      head <- paste(ch[seq_len(marks[i] - head_start) + head_start - 1], collapse = "")
      kind <- classify_head(head)
      if (kind != "scope") {
        end <- match_brace(chars, i)
        first <- head_start + regexpr("[^[:space:]]", head) - 1
        n <- line_of[marks[end]] - line_of[first] + 1
        if (kind == "function" && n > limit) {
          h <- gsub("__attribute__ ?\\(\\(.*?\\)\\) ?", "", gsub("\\s+", " ", head), perl = TRUE)
          name <- sub("^.*?([[:alnum:]_:~]+) ?\\(.*$", "\\1", trimws(h), perl = TRUE)
          out[[length(out) + 1]] <- data.frame(
            file = file, line = line_of[first], name = name, lines = n
          )
        }
        i <- end
      }
    }
    head_start <- marks[i] + 1
    i <- i + 1
  }
  do.call(rbind, out)
}

main <- function(args) {
  limit <- if (length(args)) as.integer(args[[1]]) else 80L
  r_files <- setdiff(list.files("R", "\\.R$", full.names = TRUE), "R/RcppExports.R")
  cpp_files <- c(
    list.files("src", "\\.(cpp|h|hpp)$", full.names = TRUE),
    list.files("inst/include", "\\.(h|hpp)$", full.names = TRUE, recursive = TRUE)
  )
  cpp_files <- setdiff(cpp_files, "src/RcppExports.cpp")
  long <- rbind(
    do.call(rbind, lapply(r_files, long_r_functions, limit = limit)),
    do.call(rbind, lapply(cpp_files, long_cpp_functions, limit = limit))
  )
  r_lines <- vapply(r_files, function(f) length(readLines(f, warn = FALSE)), 1L)
  big <- r_lines[r_lines > 400]
  if (!is.null(long) && nrow(long)) {
    cat(sprintf("%s:%d %s: %d lines\n", long$file, long$line, long$name, long$lines), sep = "")
  }
  if (length(big)) cat(sprintf("%s: %d lines (R file over 400)\n", names(big), big), sep = "")
  found <- (!is.null(long) && nrow(long) > 0) || length(big) > 0
  if (found) quit(status = 1)
  cat(sprintf("no function over %d lines, no R file over 400 lines\n", limit))
}

main(commandArgs(trailingOnly = TRUE))
