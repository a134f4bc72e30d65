#pragma once

// Test support for the tests that drive the sipcore core directly against real peers: running
// its io_context beside the Qt event loop, and catching a request's final response.

#include "sipcore/core/outgoingrequestdelegate.h"

#include <boost/asio/io_context.hpp>

#include <QCoreApplication>

#include <chrono>
#include <optional>

namespace interop {

/// Runs \a io and the Qt event loop (where the peers' logs are read) until \a done() or 15 s
/// pass (a bound against hangs, not a timing).
template<class Predicate>
bool pump(boost::asio::io_context &io, Predicate done)
{
    using namespace std::chrono_literals;
    const auto deadline = std::chrono::steady_clock::now() + 15s;
    while (!done() && std::chrono::steady_clock::now() < deadline) {
        io.restart();
        io.run_for(10ms);
        QCoreApplication::processEvents();
    }
    return done();
}

/// Keeps the final response of a request.
struct FinalResponse final : sipcore::OutgoingRequestDelegate
{
    void onAccept(const sipcore::Response &r) override { response = r; }
    void onRedirect(const sipcore::Response &r) override { response = r; }
    void onReject(const sipcore::Response &r) override { response = r; }
    std::optional<sipcore::Response> response;
};

} // namespace interop
