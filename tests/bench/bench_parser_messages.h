#pragma once

// The two messages of issue 3, item 7, shared by every parser in bench_parser.

#include <cstddef>
#include <string_view>

namespace benchparser {

/// The Call-ID both messages carry; each parser's result is checked against it before timing.
inline constexpr std::string_view CallId = "a84b4c76e66710@pc33.atlanta.example.com";

/// The SDP offer of the INVITE (172 octets).
inline constexpr std::string_view SdpOffer = "v=0\r\n"
                                             "o=alice 2890844526 2890844526 IN IP4 192.0.2.101\r\n"
                                             "s=-\r\n"
                                             "c=IN IP4 192.0.2.101\r\n"
                                             "t=0 0\r\n"
                                             "m=audio 49170 RTP/AVP 0 8\r\n"
                                             "a=rtpmap:0 PCMU/8000\r\n"
                                             "a=rtpmap:8 PCMA/8000\r\n"
                                             "a=sendrecv\r\n";

/// A 706-octet INVITE with an SDP body: every header a softphone's INVITE usually carries. From
/// and To both carry a tag and a display name (as a re-INVITE would); Contact has a URI
/// parameter.
inline constexpr std::string_view Invite
        = "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
          "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds\r\n"
          "Max-Forwards: 70\r\n"
          "From: \"Alice\" <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
          "To: \"Bob\" <sip:bob@biloxi.example.com>;tag=a6c85cf\r\n"
          "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
          "CSeq: 314159 INVITE\r\n"
          "Contact: <sip:alice@192.0.2.101:5060;transport=udp>\r\n"
          "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE\r\n"
          "Supported: replaces, timer, 100rel\r\n"
          "User-Agent: Ringback/0.1.0\r\n"
          "Content-Type: application/sdp\r\n"
          "Content-Length: 172\r\n"
          "\r\n"
          "v=0\r\n"
          "o=alice 2890844526 2890844526 IN IP4 192.0.2.101\r\n"
          "s=-\r\n"
          "c=IN IP4 192.0.2.101\r\n"
          "t=0 0\r\n"
          "m=audio 49170 RTP/AVP 0 8\r\n"
          "a=rtpmap:0 PCMU/8000\r\n"
          "a=rtpmap:8 PCMA/8000\r\n"
          "a=sendrecv\r\n";

/// A 642-octet 200 OK that went through two proxies: three Via values, the first two on one
/// line and the third on its own, two Record-Route values on one line, and a Contact.
inline constexpr std::string_view Ok
        = "SIP/2.0 200 OK\r\n"
          "Via: SIP/2.0/UDP server10.biloxi.example.com;branch=z9hG4bK4b43c2ff8.1;"
          "received=192.0.2.3, SIP/2.0/UDP bigbox3.site3.atlanta.example.com;"
          "branch=z9hG4bK77ef4c2312983.1;received=192.0.2.2\r\n"
          "Via: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds;"
          "received=192.0.2.1;rport=5060\r\n"
          "Record-Route: <sip:server10.biloxi.example.com;lr>, "
          "<sip:bigbox3.site3.atlanta.example.com;lr>\r\n"
          "From: \"Alice\" <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
          "To: \"Bob\" <sip:bob@biloxi.example.com>;tag=a6c85cf\r\n"
          "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
          "CSeq: 314159 INVITE\r\n"
          "Contact: <sip:bob@192.0.2.4:5060>\r\n"
          "Content-Length: 0\r\n"
          "\r\n";

static_assert(SdpOffer.size() == 172, "Content-Length of Invite");
static_assert(Invite.ends_with(SdpOffer));

} // namespace benchparser
