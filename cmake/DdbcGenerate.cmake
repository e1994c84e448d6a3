# DdbcGenerate.cmake — ddbc_generate(): run ddbc at build time and compile the
# generated C into a target, as protobuf_generate and flatbuffers do.  Included
# by DdbcConfig.cmake; needs the imported targets Ddbc::ddbc and Ddbc::ddbc_rt.
#
#   ddbc_generate(TARGET tgt SOURCES schema.sql queries.sql…
#                 [PREFIX p] [CONFIG ddbc.yaml] [LOCK ddbc.lock] [OUTPUT_DIR dir])
#
# Adds a custom command that runs `ddbc --emit c --prefix p --depfile …` and
# writes OUTPUT_DIR/c/p.c and p.h (default OUTPUT_DIR:
# ${CMAKE_CURRENT_BINARY_DIR}/ddbc_<tgt>, default PREFIX: db — the build must know
# the file names, so c_prefix of CONFIG is overridden).  Relative paths are
# relative to ${CMAKE_CURRENT_SOURCE_DIR}; SOURCES may name migration
# directories.  ddbc's depfile lists every file it read, so editing any of them
# (or a member of a directory) regenerates; ddbc rewrites only files whose
# content changed, so nothing downstream rebuilds for nothing.  p.c is added
# to tgt's sources, OUTPUT_DIR/c to its include path (PUBLIC), and Ddbc::ddbc_rt
# to its link libraries.  Sets DDBC_GENERATED_SOURCES / DDBC_GENERATED_HEADERS
# in the caller's scope.  Needs CMake 3.20 (DEPFILE with Makefiles and Ninja).

if(CMAKE_VERSION VERSION_LESS 3.20)
  message(FATAL_ERROR "ddbc_generate needs CMake 3.20 or later (DEPFILE); this is ${CMAKE_VERSION}")
endif()

# A function runs under the policies of its definition: depfiles transformed
# for Ninja (CMP0116) without touching the including project's settings.
cmake_policy(PUSH)
cmake_policy(SET CMP0116 NEW)

function(ddbc_generate)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "TARGET;PREFIX;CONFIG;LOCK;OUTPUT_DIR" "SOURCES")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "ddbc_generate: unknown arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT arg_TARGET)
    message(FATAL_ERROR "ddbc_generate: TARGET is required")
  endif()
  if(NOT TARGET ${arg_TARGET})
    message(FATAL_ERROR "ddbc_generate: '${arg_TARGET}' is not a target (add_executable or add_library first)")
  endif()
  if(NOT arg_SOURCES)
    message(FATAL_ERROR "ddbc_generate: SOURCES (the schema and query .sql files) is required")
  endif()
  if(NOT TARGET Ddbc::ddbc OR NOT TARGET Ddbc::ddbc_rt)
    message(FATAL_ERROR "ddbc_generate: Ddbc::ddbc and Ddbc::ddbc_rt are missing (find_package(Ddbc REQUIRED) first)")
  endif()

  set(prefix db)
  if(DEFINED arg_PREFIX)
    set(prefix "${arg_PREFIX}")
  endif()
  # The shape ddbc requires of --prefix (it also refuses C keywords), checked
  # here so the mistake shows at configure time rather than as a failed build.
  if(NOT prefix MATCHES "^[A-Za-z_][A-Za-z0-9_]*$")
    message(FATAL_ERROR "ddbc_generate: PREFIX '${prefix}' is not a C identifier")
  endif()

  set(out_dir "${CMAKE_CURRENT_BINARY_DIR}/ddbc_${arg_TARGET}")
  if(arg_OUTPUT_DIR)
    get_filename_component(out_dir "${arg_OUTPUT_DIR}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  endif()
  file(MAKE_DIRECTORY "${out_dir}/c")

  set(inputs "")
  set(file_inputs "")
  foreach(src IN LISTS arg_SOURCES)
    get_filename_component(abs "${src}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    list(APPEND inputs "${abs}")
    # A directory's members come from the depfile; the directory itself would
    # be newer than the outputs after every editor save and rerun ddbc forever.
    if(NOT IS_DIRECTORY "${abs}")
      list(APPEND file_inputs "${abs}")
    endif()
  endforeach()

  set(options --emit c --prefix "${prefix}")
  foreach(kind CONFIG LOCK)
    if(arg_${kind})
      get_filename_component(abs "${arg_${kind}}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
      string(TOLOWER "${kind}" opt)
      list(APPEND options "--${opt}" "${abs}")
      list(APPEND file_inputs "${abs}")
    endif()
  endforeach()

  set(c_file "${out_dir}/c/${prefix}.c")
  set(h_file "${out_dir}/c/${prefix}.h")
  set(depfile "${out_dir}/${prefix}.d")
  # Without CONFIG, ddbc would read a ddbc.yaml in its working directory: run
  # it in the output directory, where there is none.
  add_custom_command(
    OUTPUT "${c_file}" "${h_file}"
    COMMAND Ddbc::ddbc ${options} --depfile "${depfile}" -o "${out_dir}" ${inputs}
    DEPENDS "$<TARGET_FILE:Ddbc::ddbc>" ${file_inputs}
    DEPFILE "${depfile}"
    WORKING_DIRECTORY "${out_dir}"
    COMMENT "ddbc: generating ${prefix}.c and ${prefix}.h for ${arg_TARGET}"
    VERBATIM)

  target_sources(${arg_TARGET} PRIVATE "${c_file}" "${h_file}")
  target_include_directories(${arg_TARGET} PUBLIC "${out_dir}/c")
  # Through the properties, not target_link_libraries: either signature of
  # that command would clash with the project's own calls using the other.
  get_target_property(type ${arg_TARGET} TYPE)
  set_property(TARGET ${arg_TARGET} APPEND PROPERTY LINK_LIBRARIES Ddbc::ddbc_rt)
  if(NOT type STREQUAL "EXECUTABLE")
    set_property(TARGET ${arg_TARGET} APPEND PROPERTY INTERFACE_LINK_LIBRARIES Ddbc::ddbc_rt)
  endif()

  set(DDBC_GENERATED_SOURCES "${c_file}" PARENT_SCOPE)
  set(DDBC_GENERATED_HEADERS "${h_file}" PARENT_SCOPE)
endfunction()

cmake_policy(POP)
