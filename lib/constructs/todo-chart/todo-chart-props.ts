import { ChartProps } from 'cdk8s';
import { TodoConfig } from '../../model/settings/types';
import { IDatabaseConnection } from '../common/database-connection';

/** Props of TodoChart. */
export interface TodoChartProps extends ChartProps {
  /** A validated configuration (see lib/config). */
  readonly config: TodoConfig;
  /**
   * The database the apps connect to, replacing `config.database` (no PostgreSQL is created).
   * @default - from `config.database`: an in-cluster PostgresDatabase or an ExternalDatabase
   */
  readonly database?: IDatabaseConnection;
}
