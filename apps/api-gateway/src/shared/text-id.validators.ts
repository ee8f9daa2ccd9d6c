import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** The services store ids and skus in 64-character columns: a longer one is refused here. */
export const MAX_ID_LENGTH = 64;

export function IsTextId(description: string, example: string) {
  return applyDecorators(
    ApiProperty({ description, example, minLength: 1, maxLength: MAX_ID_LENGTH }),
    IsString(),
    IsNotEmpty(),
    MaxLength(MAX_ID_LENGTH),
  );
}
