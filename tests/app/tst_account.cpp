// Covers Account, the bridge's view of one account's registration: a snapshot from the core
// changes it and signals once (not when nothing changed); the line the window shows for each
// state; and the sentence for each kind of failure, with when Ringback tries again.
#include "account.h"

#include <QSignalSpy>
#include <QTest>

using State = Account::RegistrationState;

class tst_Account : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void snapshotsSignalOnlyChanges()
    {
        Account account(QStringLiteral("work"), QStringLiteral("sip:alice@example.com"));
        QSignalSpy changed(&account, &Account::registrationChanged);
        QCOMPARE(account.registrationState(), State::None);
        const Account::Registration registered{State::Registered, 200, QStringLiteral("OK"), 600,
                                               0};
        account.applyRegistration(registered);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(account.registrationState(), State::Registered);
        QCOMPARE(account.statusCode(), 200);
        account.applyRegistration(registered); // a refresh that changed nothing
        QCOMPARE(changed.size(), 1);
        account.applyRegistration({State::Registered, 200, QStringLiteral("OK"), 300, 0});
        QCOMPARE(changed.size(), 2);
    }

    void statusText_data()
    {
        QTest::addColumn<int>("state");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("phrase");
        QTest::addColumn<int>("retry");
        QTest::addColumn<QString>("text");
        const auto row = [](const char *name, State state, int code, const char *phrase, int retry,
                            const char *text) {
            QTest::newRow(name) << int(state) << code << QString::fromUtf8(phrase) << retry
                                << QString::fromUtf8(text);
        };
        row("none", State::None, 0, "", 0, "work (sip:alice@example.com): not registered");
        row("registering", State::Registering, 0, "", 0,
            "work (sip:alice@example.com): registering…");
        row("registered", State::Registered, 200, "OK", 0,
            "work (sip:alice@example.com): registered");
        row("unregistered", State::Unregistered, 200, "OK", 0,
            "work (sip:alice@example.com): unregistered");
        row("password refused", State::Failed, 401, "Unauthorized", 0,
            "The server refused the user name or password of account work (401 Unauthorized): "
            "check authUser, password and realm in the accounts file.");
        row("proxy refused", State::Failed, 407, "Proxy Authentication Required", 0,
            "The server refused the user name or password of account work (407 Proxy "
            "Authentication Required): check authUser, password and realm in the accounts "
            "file.");
        row("forbidden", State::Failed, 403, "Forbidden", 0,
            "The server does not let account work register (403 Forbidden): check its aor and "
            "authUser in the accounts file.");
        row("unknown user", State::Failed, 404, "Not Found", 0,
            "The server does not know the address sip:alice@example.com (404 Not Found): check "
            "the account's aor in the accounts file.");
        row("no answer, retried", State::Failed, 408, "Request Timeout", 25,
            "The registrar of account work did not answer: check the server address, its "
            "transport and the network. Trying again in 25 second(s).");
        row("unavailable, retried", State::Failed, 503, "Service Unavailable", 1,
            "The registrar of account work cannot be reached or is unavailable (503 Service "
            "Unavailable): check the server address and the network. Trying again in 1 "
            "second(s).");
        row("other", State::Failed, 488, "Not Acceptable Here", 0,
            "Account work could not register (488 Not Acceptable Here).");
    }
    void statusText()
    {
        QFETCH(int, state);
        QFETCH(int, code);
        QFETCH(QString, phrase);
        QFETCH(int, retry);
        QFETCH(QString, text);
        Account account(QStringLiteral("work"), QStringLiteral("sip:alice@example.com"));
        account.applyRegistration({State(state), code, phrase, 0, retry});
        QCOMPARE(account.statusText(), text);
        QCOMPARE(account.problem().isEmpty(), State(state) != State::Failed);
    }
};

QTEST_GUILESS_MAIN(tst_Account)
#include "tst_account.moc"
