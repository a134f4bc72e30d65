// Covers Digest authentication (RFC 7616, RFC 8760) against published test vectors: RFC 2617
// §3.5 (MD5, qop=auth), RFC 7616 §3.9.1 (MD5 and SHA-256, qop=auth, opaque), FIPS 180-4's
// SHA-512/256 of "abc"; and what the vectors do not show: the Authorization value's fields
// (quoted where the grammar wants, algorithm and qop as tokens, nc as 8 hex digits), the nonce
// count going up with each use of a nonce, auth-int hashing the body (chosen only when it is
// the only qop offered), the RFC 2069 form without qop, -sess, Proxy-Authorization for a
// proxy's challenge, stale=true, challenges the stack cannot answer refused, and the strongest
// of several challenges picked.
#include "sipcore/core/digestauthentication.h"
#include "sipcore/syntax/messageparser.h"

#include <QTest>

using namespace sipcore;
using Algorithm = DigestChallenge::Algorithm;

namespace {

DigestChallenge challenge(std::string_view value, bool proxy = false)
{
    auto parsed = DigestChallenge::parse(value, proxy);
    if (!parsed.ok())
        qFatal("challenge does not parse: %s", std::string(value).c_str());
    return *parsed;
}

/// The value of auth-param \a name in \a credentials ("" when absent), quotes kept.
std::string param(const std::string &credentials, const std::string &name)
{
    const std::size_t at = credentials.find(" " + name + "=");
    if (at == std::string::npos)
        return {};
    const std::size_t start = at + name.size() + 2;
    std::size_t end = start;
    if (credentials[start] == '"')
        end = credentials.find('"', start + 1) + 1;
    else
        end = std::min(credentials.find(',', start), credentials.size());
    return credentials.substr(start, end - start);
}

/// \a text in quotes, as a quoted auth-param value appears.
std::string inQuotes(const std::string &text)
{
    std::string out(1, '"');
    out += text;
    out += '"';
    return out;
}

const std::string Rfc7616Challenge
        = "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=%1, "
          "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
          "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";

std::string rfc7616(std::string_view algorithm)
{
    std::string text = Rfc7616Challenge;
    text.replace(text.find("%1"), 2, algorithm);
    return text;
}

} // namespace

class tst_DigestAuthentication : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rfc2617Example()
    {
        DigestAuthentication digest(
                {"Mufasa", "Circle Of Life", {}},
                challenge("Digest realm=\"testrealm@host.com\", qop=\"auth,"
                          "auth-int\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0"
                          "c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""));
        const std::string value = digest.authorize("GET", "/dir/index.html", {}, "0a4f113b");
        QCOMPARE(param(value, "response"), std::string("\"6629fae49393a05397450978507c4ef1\""));
        QCOMPARE(param(value, "opaque"), std::string("\"5ccc069c403ebaf9f0171e9517f40e41\""));
        QCOMPARE(param(value, "nc"), std::string("00000001"));
        QCOMPARE(param(value, "qop"), std::string("auth"));
        QCOMPARE(param(value, "algorithm"), std::string("MD5"));
        QCOMPARE(param(value, "uri"), std::string("\"/dir/index.html\""));
        QCOMPARE(param(value, "username"), std::string("\"Mufasa\""));
        QVERIFY(value.starts_with("Digest "));
        QCOMPARE(value.find("Circle"), std::string::npos); // never the password
    }

    void rfc7616Examples_data()
    {
        QTest::addColumn<QString>("algorithm");
        QTest::addColumn<QString>("response");
        QTest::newRow("MD5") << "MD5"
                             << "8ca523f5e9506fed4657c9700eebdbec";
        QTest::newRow("SHA-256")
                << "SHA-256"
                << "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1";
    }
    void rfc7616Examples()
    {
        QFETCH(QString, algorithm);
        QFETCH(QString, response);
        DigestAuthentication digest({"Mufasa", "Circle of Life", {}},
                                    challenge(rfc7616(algorithm.toStdString())));
        const std::string value = digest.authorize("GET", "/dir/index.html", {},
                                                   "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ");
        QCOMPARE(param(value, "response"), inQuotes(response.toStdString()));
        QCOMPARE(param(value, "algorithm"), algorithm.toStdString());
    }

    void sha512_256()
    {
        QCOMPARE(DigestAuthentication::hash(Algorithm::Sha512_256, "abc"),
                 std::string("53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23"));
        auto c = challenge("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-512-256, qop=\"auth\"");
        QCOMPARE(c.algorithm, Algorithm::Sha512_256);
        DigestAuthentication digest({"u", "p", {}}, c);
        const std::string value = digest.authorize("REGISTER", "sip:example.com", {}, "c");
        // H(H(u:r:p):n:00000001:c:auth:H(REGISTER:sip:example.com)) with SHA-512/256.
        const auto h = [](std::string_view t) {
            return DigestAuthentication::hash(Algorithm::Sha512_256, t);
        };
        const std::string expected
                = h(h("u:r:p") + ":n:00000001:c:auth:" + h("REGISTER:sip:example.com"));
        QCOMPARE(expected.size(), std::size_t(64));
        QCOMPARE(param(value, "response"), inQuotes(expected));
        QCOMPARE(param(value, "algorithm"), std::string("SHA-512-256"));
    }

    void nonceCountGoesUp()
    {
        DigestAuthentication digest({"Mufasa", "Circle of Life", {}}, challenge(rfc7616("MD5")));
        const std::string first = digest.authorize("GET", "/a", {}, "same");
        const std::string second = digest.authorize("GET", "/a", {}, "same");
        QCOMPARE(param(first, "nc"), std::string("00000001"));
        QCOMPARE(param(second, "nc"), std::string("00000002"));
        QVERIFY(param(first, "response") != param(second, "response"));
        QCOMPARE(digest.nonceCount(), 2u);
        for (int i = 0; i < 14; ++i)
            digest.authorize("GET", "/a", {}, "same");
        QCOMPARE(param(digest.authorize("GET", "/a", {}), "nc"), std::string("00000011"));
    }

    void authIntHashesTheBody()
    {
        auto c = challenge("Digest realm=\"r\", nonce=\"n\", qop=\"auth-int\"");
        DigestAuthentication digest({"u", "p", {}}, c);
        const std::string value = digest.authorize("INVITE", "sip:b@h", "v=0\r\n", "c");
        QCOMPARE(param(value, "qop"), std::string("auth-int"));
        const auto h = [](std::string_view t) {
            return DigestAuthentication::hash(Algorithm::Md5, t);
        };
        const std::string expected
                = h(h("u:r:p") + ":n:00000001:c:auth-int:" + h("INVITE:sip:b@h:" + h("v=0\r\n")));
        QCOMPARE(param(value, "response"), inQuotes(expected));
    }

    void withoutQopTheRfc2069Form()
    {
        DigestAuthentication digest({"u", "p", {}}, challenge("Digest realm=\"r\", nonce=\"n\""));
        const std::string value = digest.authorize("BYE", "sip:b@h", {}, "c");
        const auto h = [](std::string_view t) {
            return DigestAuthentication::hash(Algorithm::Md5, t);
        };
        QCOMPARE(param(value, "response"), inQuotes(h(h("u:r:p") + ":n:" + h("BYE:sip:b@h"))));
        QVERIFY(param(value, "nc").empty());
        QVERIFY(param(value, "cnonce").empty());
        QVERIFY(param(value, "qop").empty());
    }

    void sessionVariant()
    {
        auto c = challenge("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-256-sess, qop=auth");
        QVERIFY(c.session);
        DigestAuthentication digest({"u", "p", {}}, c);
        const std::string value = digest.authorize("REGISTER", "sip:h", {}, "c");
        const auto h = [](std::string_view t) {
            return DigestAuthentication::hash(Algorithm::Sha256, t);
        };
        const std::string ha1 = h(h("u:r:p") + ":n:c");
        QCOMPARE(param(value, "response"),
                 inQuotes(h(ha1 + ":n:00000001:c:auth:" + h("REGISTER:sip:h"))));
        QCOMPARE(param(value, "algorithm"), std::string("SHA-256-sess"));
    }

    void quotesAreEscaped()
    {
        DigestAuthentication digest({"a\"b\\c", "p", {}},
                                    challenge("Digest realm=\"say \\\"hi\\\"\", nonce=\"n\""));
        QCOMPARE(digest.challenge().realm, std::string("say \"hi\""));
        const std::string value = digest.authorize("OPTIONS", "sip:h", {});
        QVERIFY(value.find("username=\"a\\\"b\\\\c\"") != std::string::npos);
        QVERIFY(value.find("realm=\"say \\\"hi\\\"\"") != std::string::npos);
    }

    void proxyChallengeAndStale()
    {
        auto c = challenge("Digest realm=\"r\", nonce=\"n\", stale=TRUE", true);
        QVERIFY(c.proxy);
        QVERIFY(c.stale);
        QCOMPARE(DigestAuthentication({"u", "p", {}}, c).headerName(),
                 std::string_view("Proxy-Authorization"));
        QCOMPARE(DigestAuthentication({"u", "p", {}}, challenge("Digest realm=\"r\", nonce=\"n\""))
                         .headerName(),
                 std::string_view("Authorization"));
        QVERIFY(!challenge("Digest realm=\"r\", nonce=\"n\", stale=false").stale);
    }

    void unanswerableChallenges_data()
    {
        QTest::addColumn<QString>("value");
        QTest::newRow("Basic") << "Basic realm=\"r\"";
        QTest::newRow("no nonce") << "Digest realm=\"r\"";
        QTest::newRow("no realm") << "Digest nonce=\"n\"";
        QTest::newRow("unknown algorithm") << "Digest realm=\"r\", nonce=\"n\", algorithm=SHA-1";
        QTest::newRow("unknown qop only") << "Digest realm=\"r\", nonce=\"n\", qop=\"auth-conf\"";
        QTest::newRow("not a challenge") << "Digest ,,,";
    }
    void unanswerableChallenges()
    {
        QFETCH(QString, value);
        QVERIFY(!DigestChallenge::parse(value.toStdString(), false).ok());
    }

    void strongestOfSeveral()
    {
        const std::string text
                = "SIP/2.0 401 Unauthorized\r\n"
                  "Via: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
                  "From: <sip:a@h>;tag=1\r\nTo: <sip:a@h>;tag=2\r\n"
                  "Call-ID: c\r\nCSeq: 1 REGISTER\r\n"
                  "WWW-Authenticate: Digest realm=\"r\", nonce=\"n1\", algorithm=MD5\r\n"
                  "WWW-Authenticate: Digest realm=\"r\", nonce=\"n2\", "
                  "algorithm=SHA-512-256\r\n"
                  "WWW-Authenticate: Digest realm=\"r\", nonce=\"n3\", "
                  "algorithm=SHA-256\r\n"
                  "WWW-Authenticate: Digest realm=\"r\", nonce=\"n4\", algorithm=SHA-1\r\n"
                  "Content-Length: 0\r\n\r\n";
        auto parsed = MessageParser::parseDatagram(text);
        QVERIFY(parsed.ok());
        const auto best = DigestChallenge::strongest(std::get<Response>(*parsed));
        QVERIFY(best);
        QCOMPARE(best->nonce, std::string("n2"));
        QCOMPARE(best->algorithm, Algorithm::Sha512_256);
        QVERIFY(!best->proxy);
    }
};

QTEST_GUILESS_MAIN(tst_DigestAuthentication)
#include "tst_digestauthentication.moc"
