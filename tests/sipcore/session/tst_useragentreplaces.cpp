// Covers UserAgent's answer to an INVITE with Replaces (RFC 3891 §3), over UDP on the loopback
// against a peer scripted in the test: after a call from the peer is answered,
//  - a Replaces with early-only naming that confirmed call gets 486;
//  - one naming no dialog (a wrong tag) gets 481, and one without its tags 400;
//  - one naming the call is answered 200 at once, without a 180, as an Invitation whose
//    replacing() is the first call; the first call gets a BYE and ends as Transferred;
//  - one naming the call that has ended gets 603.
// Every wait for a datagram gives up after 10 s: a bound on failure, not a timing assumption.
#include "sipcore/session/useragent.h"
#include "sipcore/syntax/messageparser.h"

#include <QTest>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>

#include <sys/socket.h>
#include <sys/time.h>

#include <future>
#include <mutex>

using namespace sipcore;
namespace asio = boost::asio;

namespace {

/// The scripted peer: one UDP socket on 127.0.0.1.
class Peer
{
public:
    explicit Peer(std::uint16_t uaPort)
        : m_socket(m_io, asio::ip::udp::endpoint(asio::ip::make_address("127.0.0.1"), 0))
        , m_ua(asio::ip::make_address("127.0.0.1"), uaPort)
    {
        timeval timeout{10, 0};
        ::setsockopt(m_socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    }

    std::uint16_t port() const { return m_socket.local_endpoint().port(); }

    void send(const std::string &text) { m_socket.send_to(asio::buffer(text), m_ua); }

    /// The next message from the UA that \a wanted accepts; others are skipped. nullopt after
    /// 10 s without one.
    template<class Predicate>
    std::optional<SipMessageVariant> receive(Predicate wanted)
    {
        char buffer[65536];
        for (;;) {
            asio::ip::udp::endpoint from;
            boost::system::error_code ec;
            const std::size_t n = m_socket.receive_from(asio::buffer(buffer), from, 0, ec);
            if (ec)
                return std::nullopt;
            auto parsed = MessageParser::parseDatagram(std::string_view(buffer, n));
            if (parsed.ok() && wanted(*parsed))
                return std::move(*parsed);
        }
    }

    /// The next final (or, with \a provisional, any non-100) response for Call-ID \a callId.
    std::optional<Response> response(const std::string &callId, bool provisional = false)
    {
        auto message = receive([&](const SipMessageVariant &m) {
            const auto *r = std::get_if<Response>(&m);
            return r && r->callId().ok() && *r->callId() == callId
                   && (r->statusCode >= 200 || (provisional && r->statusCode > 100));
        });
        if (!message)
            return std::nullopt;
        return std::get<Response>(std::move(*message));
    }

    /// The next request \a method for Call-ID \a callId.
    std::optional<Request> request(const std::string &callId, std::string_view method)
    {
        auto message = receive([&](const SipMessageVariant &m) {
            const auto *r = std::get_if<Request>(&m);
            return r && r->method == method && r->callId().ok() && *r->callId() == callId;
        });
        if (!message)
            return std::nullopt;
        return std::get<Request>(std::move(*message));
    }

    /// An INVITE in call \a callId (From tag "peer") with \a extra header lines.
    std::string invite(const std::string &callId, const std::string &extra) const
    {
        return request("INVITE", callId, "z9hG4bK-" + callId, 1, {}, extra);
    }

    /// \a method in call \a callId with \a branch and CSeq \a cseq; To carries \a toTag.
    std::string request(std::string_view method,
                        const std::string &callId,
                        const std::string &branch,
                        int cseq,
                        const std::string &toTag,
                        const std::string &extra = {}) const
    {
        const std::string self = "127.0.0.1:" + std::to_string(port());
        const std::string ua = "127.0.0.1:" + std::to_string(m_ua.port());
        std::string text = std::string(method) + " sip:ringback@" + ua + " SIP/2.0\r\n";
        text += "Via: SIP/2.0/UDP " + self + ";branch=" + branch + "\r\n";
        text += "Max-Forwards: 70\r\nFrom: <sip:peer@" + self + ">;tag=peer\r\n";
        text += "To: <sip:ringback@" + ua + ">" + (toTag.empty() ? "" : ";tag=" + toTag) + "\r\n";
        text += "Call-ID: " + callId + "\r\nCSeq: " + std::to_string(cseq) + " "
                + std::string(method) + "\r\nContact: <sip:peer@" + self + ">\r\n" + extra
                + "Content-Length: 0\r\n\r\n";
        return text;
    }

    /// The ACK of a final non-2xx response to invite(callId, …).
    void ackFailure(const std::string &callId, const Response &response)
    {
        send(request("ACK", callId, "z9hG4bK-" + callId, 1,
                     std::string(response.to()->tag().value_or(""))));
    }

private:
    asio::io_context m_io;
    asio::ip::udp::socket m_socket;
    asio::ip::udp::endpoint m_ua;
};

/// What the UA's incoming-call handler saw, shared with the core thread.
struct Calls
{
    std::mutex mutex;
    std::vector<std::shared_ptr<Invitation>> invitations;
    std::vector<bool> replacing;
    std::vector<Session::Status> firstStatus;

    std::shared_ptr<Invitation> at(std::size_t index)
    {
        std::lock_guard lock(mutex);
        return index < invitations.size() ? invitations[index] : nullptr;
    }
};

} // namespace

class tst_UserAgentReplaces : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void replacesRules()
    {
        UserAgentOptions options;
        options.transport.host = "127.0.0.1";
        options.transport.port = 0;
        options.tcp = false;
        options.tls = false;
        options.webSocket = false;
        options.locateServers = false;
        UserAgent ua(std::move(options));
        Calls calls;
        ua.setIncomingCallHandler([&calls](const std::shared_ptr<Invitation> &invitation) {
            std::lock_guard lock(calls.mutex);
            const bool first = calls.invitations.empty();
            calls.invitations.push_back(invitation);
            calls.replacing.push_back(invitation->replacing() != nullptr);
            if (first)
                invitation->setListener([&calls](const Session::Status &status) {
                    std::lock_guard inner(calls.mutex);
                    calls.firstStatus.push_back(status);
                });
        });
        std::promise<std::string> started;
        ua.start([&started](std::error_code ec, std::string text) {
            started.set_value(ec ? std::string() : text);
        });
        const std::string address = started.get_future().get();
        QVERIFY(!address.empty());
        Peer peer(static_cast<std::uint16_t>(std::stoi(address.substr(address.rfind(':') + 1))));

        // The first call, answered.
        peer.send(peer.invite("first", {}));
        const auto ringing = peer.response("first", true);
        QVERIFY(ringing);
        QCOMPARE(ringing->statusCode, 180);
        QVERIFY(calls.at(0));
        calls.at(0)->accept();
        const auto ok = peer.response("first");
        QVERIFY(ok);
        QCOMPARE(ok->statusCode, 200);
        QVERIFY(ok->header("Supported")->find("replaces") != std::string_view::npos);
        const std::string uaTag(ok->to()->tag().value_or(""));
        peer.send(peer.request("ACK", "first", "z9hG4bK-first-ack", 1, uaTag));

        const auto replaces = [&](const std::string &callId, const std::string &value) {
            peer.send(peer.invite(callId, "Replaces: " + value + "\r\n"));
            auto response = peer.response(callId);
            if (response && response->statusCode >= 300)
                peer.ackFailure(callId, *response);
            return response;
        };
        const auto earlyOnly
                = replaces("early-only", "first;to-tag=" + uaTag + ";from-tag=peer;early-only");
        QVERIFY(earlyOnly);
        QCOMPARE(earlyOnly->statusCode, 486);
        const auto wrongTag = replaces("wrong-tag", "first;to-tag=nope;from-tag=peer");
        QVERIFY(wrongTag);
        QCOMPARE(wrongTag->statusCode, 481);
        const auto noTags = replaces("no-tags", "first");
        QVERIFY(noTags);
        QCOMPARE(noTags->statusCode, 400);

        // The replacing call: answered at once, no 180; the first call gets a BYE.
        peer.send(
                peer.invite("replacing", "Replaces: first;to-tag=" + uaTag + ";from-tag=peer\r\n"));
        const auto answered = peer.response("replacing", true);
        QVERIFY(answered);
        QCOMPARE(answered->statusCode, 200);
        peer.send(peer.request("ACK", "replacing", "z9hG4bK-replacing-ack", 1,
                               std::string(answered->to()->tag().value_or(""))));
        const auto bye = peer.request("first", "BYE");
        QVERIFY(bye);
        const std::string byeText = bye->serialize();
        Response byeOk;
        byeOk.statusCode = 200;
        byeOk.reasonPhrase = "OK";
        for (const char *name : {"Via", "From", "To", "Call-ID", "CSeq"})
            byeOk.addHeader(name, *bye->header(name));
        peer.send(byeOk.serialize());
        {
            std::lock_guard lock(calls.mutex);
            QCOMPARE(calls.invitations.size(), std::size_t(2));
            QCOMPARE(calls.replacing, (std::vector<bool>{false, true}));
        }

        // The first call has ended (its BYE was answered before this INVITE): 603.
        const auto ended = replaces("ended", "first;to-tag=" + uaTag + ";from-tag=peer");
        QVERIFY(ended);
        QCOMPARE(ended->statusCode, 603);
        {
            std::lock_guard lock(calls.mutex);
            QVERIFY(!calls.firstStatus.empty());
            QCOMPARE(calls.firstStatus.back().state, Session::State::Terminated);
            QCOMPARE(calls.firstStatus.back().endReason, Session::EndReason::Transferred);
        }
        ua.stop();
    }
};

QTEST_GUILESS_MAIN(tst_UserAgentReplaces)
#include "tst_useragentreplaces.moc"
