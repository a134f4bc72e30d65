// Covers the Registerer on virtual time over the in-memory transport: the REGISTER's
// Request-URI, To, From, Contact with expires, one Call-ID and a CSeq one up each time; the
// lifetime taken from our Contact in the 2xx (else Expires, else what was asked) and the
// refresh at nine tenths of it; 423 answered with Min-Expires; 503 with Retry-After retried
// after it, 5xx and timeouts after an RFC 5626 back-off with jitter that doubles and is
// capped; 401 with the identity's credentials answered and the refresh pre-authorized, without
// them Failed for good; unregister (our Contact with expires=0), also while a REGISTER is on
// its way, after a failed refresh, and not when nothing was registered; dispose(); two
// accounts side by side, each answering challenges with its own credentials.
#include "support/sipfixture.h"

#include "sipcore/core/digestauthentication.h"
#include "sipcore/session/registerer.h"

using namespace sipcore;
using namespace sipcore::test;
using namespace std::chrono_literals;
using State = Registerer::State;

namespace {

const std::string Challenge = "Digest realm=\"example.com\", nonce=\"n-1\", qop=\"auth\"";

struct Account
{
    explicit Account(CoreFixture &fixture,
                     std::string user = "alice",
                     RegistererOptions options = {})
        : f(fixture)
    {
        options.aor = NameAddr{{}, *Uri::parse("sip:" + user + "@127.0.0.1:5080"), {}};
        registerer = std::make_shared<Registerer>(
                f.core, f.io.get_executor(), std::move(options),
                [this](const Registerer::Status &status) { history.push_back(status); });
    }
    ~Account() { registerer->dispose(); }

    const Registerer::Status &status() const { return registerer->status(); }
    /// registerContact(), and the work it posted run.
    void start()
    {
        registerer->registerContact();
        f.poll();
    }

    CoreFixture &f;
    std::shared_ptr<Registerer> registerer;
    std::vector<Registerer::Status> history;
};

/// The one REGISTER sent since the last call.
Request takeRegister(CoreFixture &f)
{
    auto sent = f.takeRequests("REGISTER");
    if (sent.size() != 1)
        qFatal("expected one REGISTER, got %zu", sent.size());
    return sent.front();
}

/// Answers \a request with \a code, its Contact echoed with ;expires=\a granted (when not
/// negative) beside another device's binding, plus \a name: \a value when given.
void reply(CoreFixture &f,
           const Request &request,
           int code,
           int granted = -1,
           std::string_view name = {},
           std::string_view value = {})
{
    Response response = makeResponse(request, code, "registrar-tag");
    if (granted >= 0) {
        NameAddr contact = request.contacts()->front();
        contact.parameters.set("expires", std::to_string(granted));
        response.addHeader("Contact", "<sip:alice@192.0.2.9:5070>;expires=3000");
        response.addHeader("Contact", contact.toString());
    }
    if (!name.empty())
        response.addHeader(name, value);
    if (f.transport.inject(response.serialize(), Endpoint{"127.0.0.1", 5080}))
        qFatal("injected response does not parse");
    f.poll();
}

std::string contactExpires(const Request &request)
{
    return std::string(request.contacts()->front().parameters.get("expires").value_or(""));
}

/// The retry delay, checked to lie in [low, high].
void verifyRetry(const Registerer::Status &status, Duration low, Duration high)
{
    QCOMPARE(status.state, State::Failed);
    QVERIFY2(status.retryIn >= low && status.retryIn <= high,
             qPrintable(QString::number(status.retryIn.count())));
}

/// Checks that the registration (\a status) failed with \a code for good: no retry comes, even an
/// hour later.
void verifyGivenUp(CoreFixture &f, const Registerer::Status &status, int code)
{
    QCOMPARE(status.state, State::Failed);
    QCOMPARE(status.statusCode, code);
    QCOMPARE(status.retryIn, 0ms);
    f.advance(3600s);
    QVERIFY(f.takeRequests("REGISTER").empty());
}

/// Advances to just before \a delay (nothing is sent) and then to it (a REGISTER is).
Request waitForRetry(CoreFixture &f, Duration delay)
{
    f.advance(delay - 1ms);
    if (!f.takeRequests("REGISTER").empty())
        qFatal("REGISTER sent before the retry time");
    f.advance(1ms);
    return takeRegister(f);
}

} // namespace

class tst_Registerer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void registersAndRefreshes()
    {
        CoreFixture f;
        Account a(f);
        a.start();
        const Request first = takeRegister(f);
        QCOMPARE(first.requestUri().toString(), std::string("sip:127.0.0.1:5080"));
        QCOMPARE(first.to()->uri.toString(), std::string("sip:alice@127.0.0.1:5080"));
        QVERIFY(first.to()->parameters.get("tag") == std::nullopt);
        QCOMPARE(first.from()->uri.toString(), std::string("sip:alice@127.0.0.1:5080"));
        QVERIFY(first.from()->parameters.get("tag").has_value());
        QCOMPARE(first.contacts()->front().uri.toString(), std::string("sip:alice@127.0.0.1:5062"));
        QCOMPARE(contactExpires(first), std::string("600"));
        QCOMPARE(first.header("Expires").value_or(""), std::string_view("600"));
        QCOMPARE(first.cseq()->sequence, 1u);
        QVERIFY(a.status().waiting);

        reply(f, first, 200, 300);
        QCOMPARE(a.status().state, State::Registered);
        QCOMPARE(a.status().expires, 300s);
        QVERIFY(!a.status().waiting);
        QCOMPARE(a.status().statusCode, 200);

        // Refreshed at nine tenths of the 300 s granted, in the same Call-ID, CSeq one up.
        const Request refresh = waitForRetry(f, 270s);
        QCOMPARE(refresh.callIdView().value(), first.callIdView().value());
        QCOMPARE(refresh.cseq()->sequence, 2u);
        QCOMPARE(contactExpires(refresh), std::string("600"));
        reply(f, refresh, 200, 600);
        QCOMPARE(a.status().expires, 600s);
        QCOMPARE(waitForRetry(f, 540s).cseq()->sequence, 3u);
    }

    void lifetimeFromExpiresOrRequest()
    {
        CoreFixture f;
        Account a(f);
        a.start();
        // No expires on our Contact (only on the other device's): the Expires header counts.
        reply(f, takeRegister(f), 200, -1, "Expires", "120");
        QCOMPARE(a.status().expires, 120s);
        // Neither: what we asked for.
        const Request refresh = waitForRetry(f, 108s);
        reply(f, refresh, 200);
        QCOMPARE(a.status().state, State::Registered);
        QCOMPARE(a.status().expires, 600s);
    }

    void intervalTooBrief()
    {
        CoreFixture f;
        Account a(f);
        a.start();
        reply(f, takeRegister(f), 423, -1, "Min-Expires", "1800");
        const Request again = takeRegister(f);
        QCOMPARE(contactExpires(again), std::string("1800"));
        QCOMPARE(again.cseq()->sequence, 2u);
        reply(f, again, 200, 1800);
        QCOMPARE(a.status().state, State::Registered);
        QCOMPARE(a.status().expires, 1800s);

        // Without a usable Min-Expires it is given up.
        CoreFixture g;
        Account b(g);
        b.start();
        reply(g, takeRegister(g), 423);
        verifyGivenUp(g, b.status(), 423);
    }

    void retryAfterIsObeyed()
    {
        CoreFixture f;
        Account a(f);
        a.start();
        reply(f, takeRegister(f), 503, -1, "Retry-After", "40 (maintenance)");
        verifyRetry(a.status(), 40s, 40s);
        QCOMPARE(a.status().statusCode, 503);
        reply(f, waitForRetry(f, 40s), 200, 600);
        QCOMPARE(a.status().state, State::Registered);
    }

    void backOffDoublesWithJitterUpToTheCap()
    {
        CoreFixture f;
        RegistererOptions options;
        options.retryMax = 100s;
        Account a(f, "alice", options);
        a.start();
        reply(f, takeRegister(f), 500);
        verifyRetry(a.status(), 15s, 30s);
        Request next = waitForRetry(f, a.status().retryIn);
        reply(f, next, 500);
        verifyRetry(a.status(), 30s, 60s);
        next = waitForRetry(f, a.status().retryIn);
        // No answer at all: the transaction times out (408) and the wait doubles again, capped.
        f.advance(32s);
        f.takeAll(); // the retransmissions (Timer E)
        QCOMPARE(a.status().statusCode, 408);
        verifyRetry(a.status(), 50s, 100s);
        next = waitForRetry(f, a.status().retryIn);
        reply(f, next, 500);
        verifyRetry(a.status(), 50s, 100s);
        // A success starts the count again.
        reply(f, waitForRetry(f, a.status().retryIn), 200, 600);
        QCOMPARE(a.status().state, State::Registered);
        reply(f, waitForRetry(f, 540s), 500);
        verifyRetry(a.status(), 15s, 30s);
    }

    void challengeIsAnsweredAndRefreshPreauthorized()
    {
        CoreFixture f;
        f.core.setCredentials({{"alice-auth", "secret", "example.com", "alice@127.0.0.1"},
                               {"bob-auth", "other", "example.com", "bob@127.0.0.1"}});
        Account a(f);
        a.start();
        reply(f, takeRegister(f), 401, -1, "WWW-Authenticate", Challenge);
        const Request answered = takeRegister(f);
        QCOMPARE(answered.cseq()->sequence, 2u);
        const std::string credentials(answered.header("Authorization").value_or(""));
        QVERIFY2(credentials.find("username=\"alice-auth\"") != std::string::npos,
                 credentials.c_str());
        reply(f, answered, 200, 600);
        QCOMPARE(a.status().state, State::Registered);

        const Request refresh = waitForRetry(f, 540s);
        QCOMPARE(refresh.cseq()->sequence, 3u); // above the answered one
        const std::string again(refresh.header("Authorization").value_or(""));
        QVERIFY2(again.find("nc=00000002") != std::string::npos, again.c_str());
    }

    void refusedCredentialsFailForGood()
    {
        CoreFixture f;
        // Credentials for somebody else only: not used for alice.
        f.core.setCredentials({{"bob-auth", "other", "", "bob@127.0.0.1"}});
        Account a(f);
        a.start();
        reply(f, takeRegister(f), 401, -1, "WWW-Authenticate", Challenge);
        verifyGivenUp(f, a.status(), 401);
    }

    void unregisterRemovesOurBinding()
    {
        CoreFixture f;
        Account a(f);
        a.start();
        const Request first = takeRegister(f);
        reply(f, first, 200, 600);
        bool done = false;
        a.registerer->unregister([&done] { done = true; });
        f.poll();
        const Request removal = takeRegister(f);
        QCOMPARE(contactExpires(removal), std::string("0"));
        QCOMPARE(removal.header("Expires").value_or(""), std::string_view("0"));
        QCOMPARE(removal.cseq()->sequence, 2u);
        QCOMPARE(removal.callIdView().value(), first.callIdView().value());
        QVERIFY(!done);
        reply(f, removal, 200);
        QVERIFY(done);
        QCOMPARE(a.status().state, State::Unregistered);
        f.advance(3600s);
        QVERIFY(f.takeRequests("REGISTER").empty()); // no refresh
    }

    void unregisterWhileRegistering()
    {
        CoreFixture f;
        Account a(f);
        a.start();
        const Request first = takeRegister(f);
        bool done = false;
        a.registerer->unregister([&done] { done = true; });
        f.poll();
        QVERIFY(f.takeRequests("REGISTER").empty()); // one REGISTER at a time (§10.2)
        reply(f, first, 200, 600);
        const Request removal = takeRegister(f);
        QCOMPARE(contactExpires(removal), std::string("0"));
        QVERIFY(!done);
        reply(f, removal, 200);
        QVERIFY(done);
        QCOMPARE(a.status().state, State::Unregistered);
    }

    void unregisterWithNothingRegistered()
    {
        CoreFixture f;
        Account a(f);
        bool done = false;
        a.registerer->unregister([&done] { done = true; });
        f.poll();
        QVERIFY(done);
        QCOMPARE(a.status().state, State::Unregistered);
        QVERIFY(f.takeRequests("REGISTER").empty());
    }

    void unregisterAfterAFailure()
    {
        // A refresh that failed may have left the binding in place: it is removed.
        CoreFixture f;
        Account a(f);
        a.start();
        reply(f, takeRegister(f), 200, 600);
        reply(f, waitForRetry(f, 540s), 500);
        QCOMPARE(a.status().state, State::Failed);
        a.registerer->unregister();
        f.poll();
        const Request removal = takeRegister(f);
        QCOMPARE(contactExpires(removal), std::string("0"));
        reply(f, removal, 200);
        QCOMPARE(a.status().state, State::Unregistered);
        f.advance(3600s);
        QVERIFY(f.takeRequests("REGISTER").empty()); // the retry was called off

        // Never registered: nothing to remove.
        CoreFixture g;
        Account b(g);
        b.start();
        reply(g, takeRegister(g), 403);
        bool done = false;
        b.registerer->unregister([&done] { done = true; });
        g.poll();
        QVERIFY(done);
        QVERIFY(g.takeRequests("REGISTER").empty());
        QCOMPARE(b.status().state, State::Unregistered);
    }

    void disposeStopsEverything()
    {
        CoreFixture f;
        Account a(f);
        a.start();
        reply(f, takeRegister(f), 200, 600);
        a.registerer->dispose();
        const std::size_t heard = a.history.size();
        f.advance(3600s);
        QVERIFY(f.takeRequests("REGISTER").empty());
        QCOMPARE(a.history.size(), heard);
        bool done = false;
        a.registerer->unregister([&done] { done = true; });
        f.poll();
        QVERIFY(done);
    }

    void twoAccountsSideBySide()
    {
        CoreFixture f;
        f.core.setCredentials({{"alice-auth", "a", "", "alice@127.0.0.1"},
                               {"bob-auth", "b", "", "bob@127.0.0.1"}});
        Account alice(f, "alice");
        Account bob(f, "bob");
        alice.registerer->registerContact();
        bob.registerer->registerContact();
        auto sent = f.takeRequests("REGISTER");
        QCOMPARE(sent.size(), std::size_t(2));
        QVERIFY(sent[0].callIdView().value() != sent[1].callIdView().value());
        for (const Request &request : sent)
            reply(f, request, 401, -1, "WWW-Authenticate", Challenge);
        sent = f.takeRequests("REGISTER");
        QCOMPARE(sent.size(), std::size_t(2));
        for (const Request &request : sent) {
            const std::string user = request.from()->uri.user;
            const std::string credentials(request.header("Authorization").value_or(""));
            QVERIFY2(credentials.find("username=\"" + user + "-auth\"") != std::string::npos,
                     credentials.c_str());
            QCOMPARE(request.contacts()->front().uri.user, user);
            reply(f, request, 200, 600);
        }
        QCOMPARE(alice.status().state, State::Registered);
        QCOMPARE(bob.status().state, State::Registered);
    }
};

QTEST_GUILESS_MAIN(tst_Registerer)
#include "tst_registerer.moc"
