#pragma once

#include <cstdint>
#include <string>

namespace sipcore {

/// Where a message goes or came from: a host (IP literal or name; IPv6 without brackets) and
/// a port.
struct Endpoint
{
    std::string host;
    std::uint16_t port = 0;

    /// "host:port", with brackets around an IPv6 host.
    std::string toString() const
    {
        const bool v6 = host.find(':') != std::string::npos;
        return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
    }
    bool operator==(const Endpoint &) const = default;
};

} // namespace sipcore
