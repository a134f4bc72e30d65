#pragma once

// Test support for real sockets: run an io_context until something has happened.

#include <boost/asio/io_context.hpp>

#include <chrono>

namespace sipcore::test {

/// Runs \a io until \a done() or 10 s pass (a bound against hangs, not a timing).
template<class Predicate>
bool runUntil(boost::asio::io_context &io, Predicate done)
{
    using namespace std::chrono_literals;
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!done() && std::chrono::steady_clock::now() < deadline) {
        io.restart();
        io.run_for(20ms);
    }
    return done();
}

} // namespace sipcore::test
