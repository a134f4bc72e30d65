#pragma once

// Test support: requests from a caller, alice at 192.0.2.7:5999, to us in call "uas-test-1",
// for the tests of the callee side. Header-only.

#include <string>
#include <string_view>

namespace sipcore::test {

/// \a method with \a branch and CSeq \a cseq from alice (From tag a1, Contact at
/// 192.0.2.7:5999); To carries \a toTag when given; \a extra (whole header lines, each ending
/// in CRLF) goes before Content-Length; \a sdp, when given, is the body (application/sdp).
inline std::string callerRequest(std::string_view method,
                                 std::string_view branch,
                                 int cseq,
                                 std::string_view toTag = {},
                                 std::string_view extra = {},
                                 std::string_view sdp = {})
{
    std::string text = std::string(method) + " sip:ringback@127.0.0.1:5062 SIP/2.0\r\n";
    text += "Via: SIP/2.0/UDP 192.0.2.7:5999;branch=" + std::string(branch) + ";rport\r\n";
    text += "Max-Forwards: 70\r\n"
            "From: \"Alice\" <sip:alice@example.com>;tag=a1\r\n"
            "To: <sip:ringback@example.com>";
    if (!toTag.empty())
        text += ";tag=" + std::string(toTag);
    text += "\r\nCall-ID: uas-test-1\r\nCSeq: " + std::to_string(cseq) + " " + std::string(method)
            + "\r\nContact: <sip:alice@192.0.2.7:5999>\r\n" + std::string(extra);
    if (!sdp.empty())
        text += "Content-Type: application/sdp\r\n";
    text += "Content-Length: " + std::to_string(sdp.size()) + "\r\n\r\n" + std::string(sdp);
    return text;
}

} // namespace sipcore::test
