# Parquet input and output of predict_chunked(), through nanoparquet
# (Suggests). A Parquet file is read row group by row group, a directory of
# Parquet files file by file and, within a file, row group by row group: one
# row group is in memory at a time. nanoparquet (0.5.x) exports reading a
# whole file (read_parquet()) and the metadata (read_parquet_metadata()),
# not a single row group: a file with one row group is read with
# read_parquet(), a row group of a file with several through the unexported
# nanoparquet:::read_parquet_row_group() (fetched with getFromNamespace(),
# a classed error if a version lacks it; one file per chunk in a directory
# then needs only the exported API).

parquet_available <- function() package_available("nanoparquet")

is_parquet_path <- function(path) grepl("\\.parquet$", path, ignore.case = TRUE)

# Reader over a Parquet file or a directory of Parquet files (the files in
# the order of their names): list(read, close, total) as chunk_reader()'s.
parquet_reader <- function(path, call) {
  need_package("nanoparquet", "to read Parquet files", call, available = parquet_available)
  files <- if (dir.exists(path)) {
    sort(list.files(path, pattern = "\\.parquet$", full.names = TRUE, ignore.case = TRUE))
  } else {
    path
  }
  if (!length(files)) {
    abort_input(c("{.arg input} must hold Parquet files.",
                  x = "The directory {.file {path}} has no file ending in {.file .parquet}."),
                call = call)
  }
  pieces <- do.call(rbind, lapply(files, parquet_row_groups, call = call))
  pieces <- pieces[pieces$rows > 0, , drop = FALSE]  # empty files and row groups: nothing to read
  read_group <- if (any(duplicated(pieces$file))) parquet_row_group_reader(call)
  options <- nanoparquet::parquet_options(class = "data.frame")
  i <- 0L
  list(
    total = sum(pieces$rows),
    read = function() {
      i <<- i + 1L
      if (i > nrow(pieces)) return(NULL)
      file <- pieces$file[i]
      if (pieces$groups[i] == 1L) {
        nanoparquet::read_parquet(file, options = options)
      } else {
        read_group(file, pieces$group[i], options = options)
      }
    },
    close = function() NULL
  )
}

# The row groups of one Parquet file: data frame of file, group (0-based, as
# nanoparquet counts them), groups (in the file) and rows.
parquet_row_groups <- function(file, call) {
  meta <- tryCatch(nanoparquet::read_parquet_metadata(file), error = function(e) {
    abort_input(c("{.arg input} must be a Parquet file.",
                  x = "{.file {file}} cannot be read as one: {conditionMessage(e)}"),
                call = call)
  })
  rows <- as.double(meta$row_groups$num_rows)
  data.frame(file = rep(file, length(rows)), group = seq_along(rows) - 1L,
             groups = rep(length(rows), length(rows)), rows = rows,
             stringsAsFactors = FALSE)
}

# nanoparquet's reader of one row group (not exported in 0.5.x).
parquet_row_group_reader <- function(call) {
  f <- tryCatch(utils::getFromNamespace("read_parquet_row_group", "nanoparquet"),
                error = function(e) NULL)
  if (!is.function(f)) {
    abort_typfrage(
      c("This version of {.pkg nanoparquet} ({utils::packageVersion('nanoparquet')}) cannot read one row group of a Parquet file.",
        i = "Write the data as a directory of Parquet files, one row group each (one file per chunk), and pass the directory as {.arg input}."),
      kind = "missing_package", package = "nanoparquet", call = call
    )
  }
  f
}

# Writer of the types to a Parquet file (columns row and type): the first
# chunk creates it, every further chunk is appended (nanoparquet rewrites at
# most the last row group of the file, so memory stays at a chunk).
parquet_writer <- function(output, call) {
  need_package("nanoparquet", "to write a Parquet file", call, available = parquet_available)
  if (file.exists(output)) {
    abort_input(c("{.arg output} names an existing file: {.file {output}}.",
                  i = "Choose a new name, or remove the file first."), call = call)
  }
  first <- TRUE
  list(write = function(rows, types) {
    part <- data.frame(row = rows, type = as_type_column(types), stringsAsFactors = FALSE)
    if (first) nanoparquet::write_parquet(part, output) else nanoparquet::append_parquet(part, output)
    first <<- FALSE
  }, close = function() NULL)
}
