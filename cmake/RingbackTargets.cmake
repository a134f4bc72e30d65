# Project-wide helpers: warnings as errors for project code, sanitizers, and include roots that
# make an upward include between sipcore layers fail to compile.

set(RINGBACK_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
    -Woverloaded-virtual -Wimplicit-fallthrough -Werror)

# Applies the project's compile settings to a target of its own (not to third-party code).
function(ringback_project_target target)
    target_compile_options(${target} PRIVATE ${RINGBACK_WARNINGS})
    target_compile_definitions(${target} PRIVATE BOOST_ASIO_NO_DEPRECATED)
    if(RINGBACK_SANITIZE)
        target_compile_options(${target} PRIVATE -fsanitize=address,undefined
            -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
        target_link_options(${target} PRIVATE -fsanitize=address,undefined)
    endif()
endfunction()

# The sipcore layers from the bottom up. A layer sees only itself and the layers below it:
# its include root holds links to exactly those folders, so `#include "sipcore/<upper>/…"`
# fails to compile.
set(RINGBACK_SIPCORE_LAYERS util syntax sdp transport transaction core session media)

function(ringback_sipcore_layer layer)
    set(root "${CMAKE_BINARY_DIR}/layer-includes/${layer}")
    file(MAKE_DIRECTORY "${root}/sipcore")
    foreach(l IN LISTS RINGBACK_SIPCORE_LAYERS)
        if(NOT EXISTS "${root}/sipcore/${l}")
            file(CREATE_LINK "${PROJECT_SOURCE_DIR}/sipcore/${l}" "${root}/sipcore/${l}" SYMBOLIC)
        endif()
        if(l STREQUAL layer)
            break()
        endif()
    endforeach()
    set(target sipcore_${layer})
    target_include_directories(${target} PUBLIC "${root}")
    ringback_project_target(${target})
endfunction()
