#pragma once

// Test support: a throwaway public-key infrastructure made with the `openssl` command (Debian
// package openssl) in a temporary directory: one CA, and certificates it issues with the
// subjectAltNames a test asks for. EC P-256 keys, valid for two days from now. Header-only.

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

namespace sipcore::test {

class TestPki
{
public:
    /// Makes the CA. False and a sentence in \a error when openssl is missing or fails.
    bool makeCa(QString *error) { return makeCa(QStringLiteral("ca"), error); }

    /// Makes another CA named \a name (its files are name.pem and name.key).
    bool makeCa(const QString &name, QString *error)
    {
        if (!m_dir.isValid()) {
            *error = QStringLiteral("no temporary directory: ") + m_dir.errorString();
            return false;
        }
        return run({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                    QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                    QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes"),
                    QStringLiteral("-keyout"), path(name + QStringLiteral(".key")),
                    QStringLiteral("-out"), path(name + QStringLiteral(".pem")),
                    QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                    QStringLiteral("/CN=Ringback test ") + name, QStringLiteral("-addext"),
                    QStringLiteral("basicConstraints=critical,CA:TRUE"), QStringLiteral("-addext"),
                    QStringLiteral("keyUsage=critical,keyCertSign,cRLSign")},
                   error);
    }

    /// Has CA \a issuer issue a certificate named \a name for \a subjectAltName (e.g.
    /// "IP:127.0.0.1,DNS:localhost"): files name.pem and name.key.
    bool issue(const QString &name,
               const QString &subjectAltName,
               QString *error,
               const QString &issuer = QStringLiteral("ca"))
    {
        const QString extensions = path(name + QStringLiteral(".ext"));
        QFile file(extensions);
        if (!file.open(QIODevice::WriteOnly)) {
            *error = QStringLiteral("cannot write ") + extensions;
            return false;
        }
        file.write("basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\n"
                   "extendedKeyUsage=serverAuth,clientAuth\nsubjectAltName="
                   + subjectAltName.toUtf8() + '\n');
        file.close();
        return run({QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                    QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"),
                    QStringLiteral("-nodes"), QStringLiteral("-keyout"),
                    path(name + QStringLiteral(".key")), QStringLiteral("-out"),
                    path(name + QStringLiteral(".csr")), QStringLiteral("-subj"),
                    QStringLiteral("/CN=") + name},
                   error)
               && run({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
                       path(name + QStringLiteral(".csr")), QStringLiteral("-CA"),
                       path(issuer + QStringLiteral(".pem")), QStringLiteral("-CAkey"),
                       path(issuer + QStringLiteral(".key")), QStringLiteral("-CAcreateserial"),
                       QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-extfile"),
                       extensions, QStringLiteral("-out"), path(name + QStringLiteral(".pem"))},
                      error);
    }

    QString caFile() const { return path(QStringLiteral("ca.pem")); }
    QString certificate(const QString &name) const { return path(name + QStringLiteral(".pem")); }
    QString key(const QString &name) const { return path(name + QStringLiteral(".key")); }
    QString path(const QString &file) const { return QDir(m_dir.path()).filePath(file); }

private:
    bool run(const QStringList &arguments, QString *error)
    {
        const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
        if (openssl.isEmpty()) {
            *error = QStringLiteral("openssl is not installed (./tools/dev.sh deps installs it)");
            return false;
        }
        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(openssl, arguments);
        if (!process.waitForFinished(30000) || process.exitStatus() != QProcess::NormalExit
            || process.exitCode() != 0) {
            *error = QStringLiteral("openssl %1 failed: %2")
                             .arg(arguments.join(u' '), QString::fromUtf8(process.readAll()));
            return false;
        }
        return true;
    }

    QTemporaryDir m_dir;
};

} // namespace sipcore::test
