# cmake -DTRAINER=… -DPROFILE_DIR=… -DSTAMP=… -DMESSAGES=a;b;… -P train.cmake
# Runs the instrumented trainer from a clean slate: the profile it leaves in PROFILE_DIR is
# the training run's alone.
file(GLOB stale "${PROFILE_DIR}/*.gcda")
if(stale)
    file(REMOVE ${stale})
endif()
execute_process(COMMAND "${TRAINER}" 200 ${MESSAGES} RESULT_VARIABLE result)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "The parser's training run failed (${result})")
endif()
file(GLOB profiles "${PROFILE_DIR}/*.gcda")
if(NOT profiles)
    message(FATAL_ERROR "The training run left no profile in ${PROFILE_DIR}")
endif()
file(TOUCH "${STAMP}")
