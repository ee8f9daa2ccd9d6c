import { DynamicModule, Inject, Logger, Module, OnModuleInit, Provider } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { AdminGuard } from './admin.guard';
import { AuthEnv, authOptions, AuthOptions, usesDevelopmentSecret } from './auth.config';
import { AUTH_OPTIONS } from './auth.tokens';
import { AuthenticationGuard } from './authentication.guard';
import { JwtStrategy } from './jwt.strategy';

/**
 * Bearer-token authentication for every gateway route (guards run before the resilience
 * interceptor, so a refused caller never counts against a downstream's breaker), then the admin
 * check for @AdminOnly routes.
 */
@Module({})
export class AuthModule implements OnModuleInit {
  private readonly logger = new Logger('Auth');

  constructor(@Inject(AUTH_OPTIONS) private readonly options: AuthOptions) {}

  /** Options from the gateway's validated environment (AUTH_*). */
  static fromConfig(): DynamicModule {
    return AuthModule.with({
      provide: AUTH_OPTIONS,
      inject: [ConfigService],
      useFactory: (config: ConfigService<AuthEnv, true>) =>
        authOptions({
          AUTH_REQUIRED: config.get('AUTH_REQUIRED'),
          AUTH_JWT_SECRET: config.get('AUTH_JWT_SECRET'),
          AUTH_JWKS_URL: config.get('AUTH_JWKS_URL'),
          AUTH_JWT_ISSUER: config.get('AUTH_JWT_ISSUER'),
          AUTH_JWT_AUDIENCE: config.get('AUTH_JWT_AUDIENCE'),
        }),
    });
  }

  static forRoot(options: AuthOptions): DynamicModule {
    return AuthModule.with({ provide: AUTH_OPTIONS, useValue: options });
  }

  private static with(options: Provider): DynamicModule {
    return {
      module: AuthModule,
      imports: [PassportModule],
      providers: [
        options,
        JwtStrategy,
        { provide: APP_GUARD, useClass: AuthenticationGuard },
        { provide: APP_GUARD, useClass: AdminGuard },
      ],
    };
  }

  onModuleInit(): void {
    if (!this.options.required) {
      this.logger.warn(
        'AUTH_REQUIRED=false: every caller is treated as an admin. For local experiments only.',
      );
    } else if (usesDevelopmentSecret(this.options)) {
      this.logger.warn(
        'AUTH_JWT_SECRET is unset: tokens are checked against the public development secret. ' +
          'Set your own before anyone else can reach this gateway.',
      );
    }
  }
}
