#pragma once

#include "sipcore/syntax/sipmessage.h"
#include "sipcore/syntax/via.h"

#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace sipcore {

/// What a UAS must answer to a request before anything else looks at it (RFC 3261 §8.2, §18.3;
/// RFC 4475), for the two ways a request can be bad:
///
///   datagram ──MessageParser──▶ rejected ──answerUnparseable()──▶ 400 / 505 / 501 / 513, or
///                  │                                               nothing (drop)
///                  ▼ accepted
///          check(request) ──▶ Verdict: go on, answer 400 / 416 / 501, or drop (ACK)
///
/// Contract for the caller (the transport or the core, on the core thread; the class holds no
/// state but its configuration): run check() on every request the parser accepts and send
/// answer() when the verdict says so, before transaction matching; hand every datagram the
/// parser rejects to answerUnparseable() and send what it returns, statelessly. Responses are
/// never answered: the parser rejects bad ones and they are dropped. An ACK is never answered
/// either (RFC 3261 §17: an ACK is never answered); a bad one is dropped.
class MessageValidator
{
public:
    /// What this element implements.
    struct Configuration
    {
        /// The methods this element implements, as an Allow value ("INVITE, ACK, CANCEL, BYE").
        /// A request whose method is not listed is answered 501 with this Allow (RFC 3261
        /// §21.5.2, RFC 4475 §3.1.1.2, §3.1.1.5, §3.1.2.18). Empty: methods are not checked.
        std::string allow;
    };

    /// The outcome of check(): go on, answer, or drop.
    struct Verdict
    {
        /// What is wrong (a SyntaxError); empty when the request may go on.
        std::error_code error;
        /// The status to answer with; 0 with an error means drop silently (an ACK).
        int statusCode = 0;
        /// Names the problem: "Missing To, From, Call-ID", "Unsupported URI Scheme", …
        std::string reasonPhrase;
        /// Fields the response must carry besides the copied ones (Allow with 501).
        std::vector<HeaderLine> headers;

        /// True when the request may go on to the transaction layer.
        bool accepted() const { return !error; }
        /// True when a response must be sent.
        bool mustAnswer() const { return statusCode != 0; }
    };

    /// A stateless response to a datagram that did not parse, and where to send it.
    struct StatelessAnswer
    {
        /// The response: Via fields, From, To (with the tag), Call-ID and CSeq as received.
        Response response;
        /// The top Via, read leniently (any SIP version, malformed parameters skipped): the
        /// caller stamps received/rport on it and routes the response by it (RFC 3261
        /// §18.2.2).
        Via topVia;
    };

    /// A validator for an element that implements what \a configuration says.
    explicit MessageValidator(Configuration configuration = {});

    /// The configuration given at construction.
    const Configuration &configuration() const { return m_configuration; }

    /// What the RFC says to do with \a request before anything else, in this order:
    /// - 400 for conflicting or repeated Content-Length (RFC 4475 §3.3.9);
    /// - 400 for a missing To, From, Call-ID, CSeq or Via (RFC 3261 §8.1.1, RFC 4475 §3.3.1;
    ///   Max-Forwards may be absent in an RFC 2543 request, RFC 4475 §3.4.1);
    /// - 400 for a repeated To, From, CSeq, Call-ID or Max-Forwards, or more than one Contact
    ///   in a request that creates a dialog (§7.3.1, §8.1.1.8, RFC 4475 §3.3.8);
    /// - 400 for a malformed one of those (requests built by hand; parsed ones are well formed);
    /// - 400, or 501 for a method this element does not implement, for a CSeq method other
    ///   than the request's (§8.1.1.5, RFC 4475 §3.1.2.17, §3.1.2.18);
    /// - 400 for headers in a SIP Request-URI (§19.1.1 Table 1, RFC 4475 §3.1.2.11);
    /// - 501 with Allow for a method not in Configuration::allow (§8.2.1);
    /// - 416 for a Request-URI scheme other than sip, sips or tel (§8.2.2.1, RFC 4475 §3.3.2).
    /// Later layers own the rest (420 for Require, 415/406 for bodies, 401, 483, 481, …).
    Verdict check(const Request &request) const;

    /// The response that \a verdict asks for: status and reason from the verdict, the Via
    /// fields, From, To, Call-ID and CSeq copied from \a request (the first field of each when
    /// repeated; absent ones stay absent), \a toTag added to a To without a tag (RFC 3261
    /// §8.2.6.2), then the verdict's headers. The caller adds Server/User-Agent if it wants.
    Response answer(const Request &request, const Verdict &verdict, std::string_view toTag) const;

    /// The stateless answer to \a datagram, which MessageParser rejected with \a parseError:
    /// 505 for another SIP version, 513 for a datagram over the size limit, 501 with Allow for
    /// a method this element does not implement whose CSeq names another method, and 400
    /// otherwise, with a reason phrase naming the problem ("400 Malformed Via", "400 Bad
    /// Content-Length", "400 Malformed To", "400 CSeq Method Mismatch", …). Via, From, To,
    /// Call-ID and CSeq are salvaged leniently from the raw text. nullopt, meaning drop, when
    /// \a datagram is a response, an ACK, has no top Via with a usable sent-by, or no CSeq of
    /// the form "number method"; and when \a parseError is empty (a parsed message is
    /// check()'s business). Never reads outside \a datagram.
    std::optional<StatelessAnswer> answerUnparseable(std::string_view datagram,
                                                     std::error_code parseError,
                                                     std::string_view toTag) const;

private:
    /// True when no Allow is configured or \a method is listed in it.
    bool implements(std::string_view method) const;

    Configuration m_configuration;
};

} // namespace sipcore
