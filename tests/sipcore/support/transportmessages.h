#pragma once

// Test support: the small messages the transport tests send each other. Header-only.

#include <string>
#include <string_view>

namespace sipcore::test {

/// An OPTIONS whose Via names \a protocol ("TCP", "TLS", "WS") and \a branch, with \a body as
/// text/plain; without Content-Length when \a contentLength is false (for message-oriented
/// transports).
inline std::string transportOptions(std::string_view protocol,
                                    std::string_view branch,
                                    std::string_view body = {},
                                    bool contentLength = true)
{
    std::string text = "OPTIONS sip:ringback@host SIP/2.0\r\nVia: SIP/2.0/";
    text.append(protocol).append(" client.invalid;branch=").append(branch);
    text += "\r\nFrom: <sip:peer@example.com>;tag=1\r\n"
            "To: <sip:ringback@example.com>\r\n"
            "Call-ID: transport-test\r\n"
            "CSeq: 1 OPTIONS\r\n"
            "Max-Forwards: 70\r\n";
    if (!body.empty())
        text += "Content-Type: text/plain\r\n";
    if (contentLength)
        text += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    text += "\r\n";
    text += body;
    return text;
}

/// The 200 OK to transportOptions(\a protocol, \a branch).
inline std::string transportOk(std::string_view protocol, std::string_view branch)
{
    std::string text = "SIP/2.0 200 OK\r\nVia: SIP/2.0/";
    text.append(protocol).append(" client.invalid;branch=").append(branch);
    text += "\r\nFrom: <sip:peer@example.com>;tag=1\r\n"
            "To: <sip:ringback@example.com>;tag=2\r\n"
            "Call-ID: transport-test\r\n"
            "CSeq: 1 OPTIONS\r\n"
            "Content-Length: 0\r\n\r\n";
    return text;
}

} // namespace sipcore::test
