// Covers how user-agent clients answer Digest challenges, on virtual time over the in-memory
// transport: a 401 (or a proxy's 407) is answered by sending the request again with a new
// branch, CSeq one up and credentials that check out against the challenge; the delegate then
// hears only the final answer. The next request to the same host carries credentials at once
// with the nonce count one up (no new round trip). Wrong credentials are tried once: the second
// challenge reaches the delegate; stale=true is answered again. Without credentials for the
// realm, or once a CANCEL was asked for, the challenge goes to the delegate and nothing is
// re-sent. A challenge to an INVITE is ACKed, and a retransmitted one ACKed again.
#include "support/sipfixture.h"

#include "sipcore/core/digestauthentication.h"
#include "sipcore/core/inviteuseragentclient.h"
#include "sipcore/core/outgoingrequestdelegate.h"
#include "sipcore/core/sessiondialog.h"
#include "sipcore/core/useragentclient.h"

using namespace sipcore;
using namespace sipcore::test;

namespace {

const Credentials Alice{"alice", "secret", "example.com"};
const std::string Challenge
        = "Digest realm=\"example.com\", nonce=\"n-1\", algorithm=SHA-256, qop=\"auth\"";

struct Recording final : OutgoingInviteRequestDelegate
{
    void onAccept(const Response &r) override { finals.push_back(r.statusCode); }
    void onReject(const Response &r) override { finals.push_back(r.statusCode); }
    void onAcceptSession(const Response &r, const std::shared_ptr<SessionDialog> &d) override
    {
        finals.push_back(r.statusCode);
        dialog = d;
    }
    std::vector<int> finals;
    std::shared_ptr<SessionDialog> dialog;
};

struct Client
{
    Client() { f.core.setCredentials({Alice}); }

    Request message(std::string_view method)
    {
        const auto uri = Uri::parse("sip:127.0.0.1:5080");
        return f.core.makeOutgoingRequestMessage(method, *uri, NameAddr{{}, *uri, {}});
    }
    /// Sends \a code for \a request with \a header (a whole line's name and value) added.
    void respond(const Request &request,
                 int code,
                 std::string_view name = {},
                 std::string_view value = {})
    {
        Response response = CoreFixture::answer(request, code);
        if (!name.empty())
            response.addHeader(name, value);
        f.transport.inject(response.serialize(), Endpoint{"127.0.0.1", 5080});
        f.poll();
    }

    CoreFixture f;
    Recording delegate;
};

/// Checks \a request's credentials against \a challenge: recomputed with its own cnonce and
/// nonce count, they must come out the same.
void verifyCredentials(const Request &request,
                       const std::string &challengeValue,
                       std::string_view header = "Authorization")
{
    const auto value = request.header(header);
    QVERIFY2(value, "no credentials");
    const std::string text(*value);
    const auto field = [&text](const std::string &name) -> std::string {
        const std::size_t at = text.find(name + "=");
        if (at == std::string::npos)
            return {};
        std::size_t start = at + name.size() + 1;
        const bool quoted = text[start] == '"';
        start += quoted ? 1 : 0;
        const std::size_t end = text.find(quoted ? '"' : ',', start);
        return text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    };
    auto challenge = DigestChallenge::parse(challengeValue, header != "Authorization");
    QVERIFY(challenge.ok());
    DigestAuthentication digest(Alice, *challenge);
    const std::string count = field("nc"); // none without qop (RFC 2069)
    const auto nc = count.empty() ? 1 : std::stoul(count, nullptr, 16);
    for (unsigned long i = 1; i < nc; ++i)
        digest.authorize("X", "x", {}, "x");
    QCOMPARE(digest.authorize(request.method, request.requestUri().toString(), request.body(),
                              field("cnonce")),
             text);
}

} // namespace

class tst_Authentication : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void challengeIsAnswered()
    {
        Client c;
        auto client = c.f.core.request(c.message("REGISTER"), &c.delegate);
        const auto first = c.f.takeRequests("REGISTER");
        QCOMPARE(first.size(), std::size_t(1));
        QVERIFY(!first.front().hasHeader("Authorization"));
        c.respond(first.front(), 401, "WWW-Authenticate", Challenge);
        const auto second = c.f.takeRequests("REGISTER");
        QCOMPARE(second.size(), std::size_t(1));
        QCOMPARE(second.front().cseq()->sequence, first.front().cseq()->sequence + 1);
        QVERIFY(second.front().topVia()->branch() != first.front().topVia()->branch());
        QCOMPARE(second.front().callIdView().value(), first.front().callIdView().value());
        verifyCredentials(second.front(), Challenge);
        QVERIFY(c.delegate.finals.empty());
        c.respond(second.front(), 200);
        QCOMPARE(c.delegate.finals, std::vector<int>{200});

        // A refresh carries credentials at once, the nonce count one up.
        auto refresh = c.f.core.request(c.message("REGISTER"), &c.delegate);
        const auto third = c.f.takeRequests("REGISTER");
        QCOMPARE(third.size(), std::size_t(1));
        verifyCredentials(third.front(), Challenge);
        QVERIFY(third.front().header("Authorization")->find("nc=00000002")
                != std::string_view::npos);
    }

    void wrongCredentialsAreTriedOnce()
    {
        Client c;
        auto client = c.f.core.request(c.message("OPTIONS"), &c.delegate);
        c.respond(c.f.takeRequests("OPTIONS").front(), 401, "WWW-Authenticate", Challenge);
        const auto second = c.f.takeRequests("OPTIONS");
        QCOMPARE(second.size(), std::size_t(1));
        std::string fresh = Challenge;
        fresh.replace(fresh.find("n-1"), 3, "n-2");
        c.respond(second.front(), 401, "WWW-Authenticate", fresh);
        QVERIFY(c.f.takeRequests("OPTIONS").empty());
        QCOMPARE(c.delegate.finals, std::vector<int>{401});
    }

    void staleNonceIsAnsweredAgain()
    {
        Client c;
        auto client = c.f.core.request(c.message("OPTIONS"), &c.delegate);
        c.respond(c.f.takeRequests("OPTIONS").front(), 401, "WWW-Authenticate", Challenge);
        const auto second = c.f.takeRequests("OPTIONS");
        const std::string stale = "Digest realm=\"example.com\", nonce=\"n-2\", stale=true, "
                                  "algorithm=MD5, qop=\"auth\"";
        c.respond(second.front(), 401, "WWW-Authenticate", stale);
        const auto third = c.f.takeRequests("OPTIONS");
        QCOMPARE(third.size(), std::size_t(1));
        verifyCredentials(third.front(), stale);
        QVERIFY(third.front().header("Authorization")->find("nc=00000001")
                != std::string_view::npos);
        c.respond(third.front(), 200);
        QCOMPARE(c.delegate.finals, std::vector<int>{200});
    }

    void withoutCredentialsTheChallengeIsTheDelegates()
    {
        Client c;
        c.f.core.setCredentials({{"bob", "x", "elsewhere.org"}});
        auto client = c.f.core.request(c.message("OPTIONS"), &c.delegate);
        c.respond(c.f.takeRequests("OPTIONS").front(), 401, "WWW-Authenticate", Challenge);
        QVERIFY(c.f.takeRequests("OPTIONS").empty());
        QCOMPARE(c.delegate.finals, std::vector<int>{401});
    }

    void proxyChallengeToAnInvite()
    {
        Client c;
        auto client = c.f.core.invite(c.message("INVITE"), &c.delegate);
        const Request first = c.f.takeRequests("INVITE").front();
        const std::string proxyChallenge = "Digest realm=\"example.com\", nonce=\"p-1\"";
        c.respond(first, 407, "Proxy-Authenticate", proxyChallenge);
        std::vector<Request> acks, invites;
        for (auto &message : c.f.takeAll()) {
            Request &request = std::get<Request>(message);
            (request.method == "ACK" ? acks : invites).push_back(request);
        }
        QCOMPARE(acks.size(), std::size_t(1));
        QCOMPARE(acks.front().topVia()->branch(), first.topVia()->branch());
        QCOMPARE(invites.size(), std::size_t(1));
        QCOMPARE(invites.front().cseq()->sequence, first.cseq()->sequence + 1);
        verifyCredentials(invites.front(), proxyChallenge, "Proxy-Authorization");
        QVERIFY(!invites.front().hasHeader("Authorization"));
        // The 407 again (our ACK was lost): ACKed again, nothing re-sent, nobody told.
        c.respond(first, 407, "Proxy-Authenticate", proxyChallenge);
        const auto again = c.f.takeAll();
        QCOMPARE(again.size(), std::size_t(1));
        QCOMPARE(std::get<Request>(again.front()).method, std::string("ACK"));
        c.respond(invites.front(), 200);
        QCOMPARE(c.delegate.finals, std::vector<int>{200});
        QVERIFY(c.delegate.dialog);
        c.delegate.dialog->dispose();
    }

    void noResendAfterCancel()
    {
        Client c;
        auto client = c.f.core.invite(c.message("INVITE"), &c.delegate);
        const Request first = c.f.takeRequests("INVITE").front();
        c.respond(first, 180);
        QVERIFY(client->cancel().ok());
        c.f.takeAll(); // the CANCEL
        c.respond(first, 401, "WWW-Authenticate", Challenge);
        QVERIFY(c.f.takeRequests("INVITE").empty());
        QCOMPARE(c.delegate.finals, std::vector<int>{401});
    }
};

QTEST_GUILESS_MAIN(tst_Authentication)
#include "tst_authentication.moc"
