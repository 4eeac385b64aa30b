using Microsoft.Data.Sqlite;

namespace HealthcareTools.Emulator.Storage
{
    /// <summary>What every table class shares: the connection and transaction it works in, and commands bound to both.</summary>
    public abstract class SqliteTable
    {
        protected SqliteTable(SqliteConnection connection, SqliteTransaction transaction)
        {
            Connection = connection;
            Transaction = transaction;
        }

        protected SqliteConnection Connection { get; }

        protected SqliteTransaction Transaction { get; }

        protected SqliteCommand Command(string sql)
        {
            var command = Connection.CreateCommand();
            command.Transaction = Transaction;
            command.CommandText = sql;
            return command;
        }
    }
}
