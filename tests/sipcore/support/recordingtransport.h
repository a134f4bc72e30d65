#pragma once

// Test support: a real transport whose handlers record what it delivers, refuses and reports
// unreachable, for the transport tests. Header-only.

#include "sipcore/transport/transport.h"

#include <utility>
#include <vector>

namespace sipcore::test {

/// A \a TransportType made from the constructor's arguments, closed on destruction.
template<class TransportType>
struct RecordingTransport
{
    template<class... Arguments>
    explicit RecordingTransport(Arguments &&...arguments)
        : transport(std::forward<Arguments>(arguments)...)
    {
        transport.setReceiveHandler(
                [this](ReceivedMessage m) { received.push_back(std::move(m)); });
        transport.setRejectHandler([this](std::string_view, std::error_code ec, const Endpoint &) {
            rejected.push_back(ec);
        });
        transport.setUnreachableHandler([this](const Endpoint &where, std::error_code ec) {
            unreachable.emplace_back(where, ec);
        });
    }
    ~RecordingTransport() { transport.close(); }
    RecordingTransport(const RecordingTransport &) = delete;
    RecordingTransport &operator=(const RecordingTransport &) = delete;

    TransportType transport;
    std::vector<ReceivedMessage> received;
    std::vector<std::error_code> rejected; ///< parse errors of what was refused
    std::vector<std::pair<Endpoint, std::error_code>> unreachable;
};

} // namespace sipcore::test
